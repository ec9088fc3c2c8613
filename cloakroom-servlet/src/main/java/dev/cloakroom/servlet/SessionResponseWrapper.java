package dev.cloakroom.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The response as the application sees it. Headers cannot change once a response commits, so every way
 * the application can commit it first ends the session (cookie and Vary written onto the real response):
 * {@code flushBuffer()}, flushing or closing the output stream or writer, {@code sendRedirect},
 * {@code sendError}, and a write that fills the declared Content-Length or the container's buffer (the
 * container commits on its own then). The writer counts the bytes its characters encode to in the
 * response's charset, exactly, so the session ends when the container's buffer really fills and not a
 * multiple earlier (an early end would lose later session changes, and would send a cookie even when the
 * application goes on to fail with a 500).
 *
 * <p>When that save fails, nothing the application writes afterwards reaches the container (not even what a
 * serializer flushes while it closes on the exception): the response stays uncommitted so that the filter
 * can replace it with an error, and the client never sees a body that looks like a success.
 */
final class SessionResponseWrapper extends HttpServletResponseWrapper {
    private final RequestSession requestSession;
    private long contentLength = -1;
    private long written;
    private GuardedOutputStream outputStream;
    private GuardedWriter writer;

    SessionResponseWrapper(HttpServletResponse response, RequestSession requestSession) {
        super(response);
        this.requestSession = requestSession;
    }

    RequestSession requestSession() {
        return requestSession;
    }

    private HttpServletResponse real() {
        return (HttpServletResponse) getResponse();
    }

    /**
     * Ends the session onto the real response now, once.
     *
     * @throws dev.cloakroom.SessionInterruptedException after answering 400
     */
    void closeSession(int status) {
        requestSession.close(real(), status);
    }

    /**
     * The request is over: ends the session now, or, when the response committed earlier and ended it
     * then, saves what the application changed since.
     */
    void endRequest(int status) {
        if (requestSession.isClosed()) {
            requestSession.saveLateChanges(status);
        } else {
            closeSession(status);
        }
    }

    /** After a failed save the application's output is dropped, so the response never commits as a success. */
    private boolean discarding() {
        return requestSession.saveFailed();
    }

    private void beforeWrite(long bytes) {
        if (!requestSession.isClosed()) {
            long after = written + bytes;
            if ((contentLength >= 0 && after >= contentLength) || after >= getBufferSize()) {
                closeSession(getStatus());
            }
        }
        written += bytes;
    }

    @Override
    public void flushBuffer() throws IOException {
        closeSession(getStatus());
        if (!discarding()) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        closeSession(sc);
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        closeSession(sc);
        super.sendError(sc);
    }

    // each overload goes to the same one of the container: Servlet 6.0 containers (Jetty ee10) lack the
    // 6.1 overloads, and an application that calls only the old ones must keep working there

    @Override
    public void sendRedirect(String location) throws IOException {
        closeSession(SC_FOUND);
        super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        closeSession(SC_FOUND);
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        closeSession(sc);
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        closeSession(sc);
        super.sendRedirect(location, sc, clearBuffer);
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
        requestSession.reapply(real());
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public void setContentLength(int len) {
        contentLengthDeclared(len);
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLengthDeclared(len);
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
        trackContentLength(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        trackContentLength(name, value);
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        trackContentLength(name, Integer.toString(value));
        super.setIntHeader(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        trackContentLength(name, Integer.toString(value));
        super.addIntHeader(name, value);
    }

    private void trackContentLength(String name, String value) {
        if ("content-length".equals(name.toLowerCase(Locale.ROOT))) {
            long len;
            try {
                len = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                len = -1;
            }
            contentLengthDeclared(len);
        }
    }

    /**
     * A Content-Length the body already fills ends the response there and then (Tomcat treats the response
     * as committed from that call on), so the session ends before the length reaches the container.
     */
    private void contentLengthDeclared(long len) {
        contentLength = len;
        if (len > 0 && written >= len && !requestSession.isClosed()) {
            closeSession(getStatus());
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (outputStream == null) {
            outputStream = new GuardedOutputStream(super.getOutputStream());
        }
        return outputStream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter real = super.getWriter();
            writer = new GuardedWriter(real, EncodedLength.forCharset(getCharacterEncoding()));
        }
        return writer;
    }

    /** The container's stream, ending the session before a write, flush or close could commit. */
    private final class GuardedOutputStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        GuardedOutputStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite(1);
            if (!discarding()) {
                delegate.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(len);
            if (!discarding()) {
                delegate.write(b, off, len);
            }
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            beforeWrite(buffer.remaining());
            if (discarding()) {
                buffer.position(buffer.limit());
            } else {
                delegate.write(buffer);
            }
        }

        @Override
        public void flush() throws IOException {
            closeSession(getStatus());
            if (!discarding()) {
                delegate.flush();
            }
        }

        @Override
        public void close() throws IOException {
            closeSession(getStatus());
            if (!discarding()) {
                delegate.close();
            }
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** The container's writer, ending the session before a write, flush or close could commit. */
    private final class GuardedWriter extends PrintWriter {
        private final PrintWriter delegate;
        private final EncodedLength encodedLength;

        GuardedWriter(PrintWriter delegate, EncodedLength encodedLength) {
            super(delegate);
            this.delegate = delegate;
            this.encodedLength = encodedLength;
        }

        @Override
        public void write(int c) {
            beforeWrite(encodedLength.bytes((char) c));
            if (!discarding()) {
                super.write(c);
            }
        }

        @Override
        public void write(char[] buf, int off, int len) {
            beforeWrite(encodedLength.bytes(java.nio.CharBuffer.wrap(buf, off, len)));
            if (!discarding()) {
                super.write(buf, off, len);
            }
        }

        @Override
        public void write(String s, int off, int len) {
            beforeWrite(encodedLength.bytes(s.subSequence(off, off + len)));
            if (!discarding()) {
                super.write(s, off, len);
            }
        }

        /** PrintWriter writes the line separator around {@code write}; route it through the count. */
        @Override
        public void println() {
            write(System.lineSeparator());
        }

        @Override
        public void flush() {
            closeSession(getStatus());
            if (!discarding()) {
                super.flush();
            }
        }

        @Override
        public void close() {
            closeSession(getStatus());
            if (!discarding()) {
                super.close();
            }
        }

        @Override
        public boolean checkError() {
            return super.checkError() || delegate.checkError();
        }
    }
}
