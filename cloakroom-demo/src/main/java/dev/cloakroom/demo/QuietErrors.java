package dev.cloakroom.demo;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Error pages that say only the status: Jetty's own pages show the exception's class and message (a
 * database path, a driver's error code) and advertise Jetty's name, which tells an attacker what to try.
 * The exception is still logged by Jetty; the visitor sees "500 Server Error" and nothing more. One handler
 * for the demo's context (through error-page dispatch, so the session filter still runs) and one for errors
 * Jetty answers before any context (a malformed request).
 */
final class QuietErrors {
    private QuietErrors() {
    }

    static String statusLine(int code) {
        return code + " " + HttpStatus.getMessage(code);
    }

    static void html(Writer writer, int code) throws IOException {
        String status = Html.escape(statusLine(code));
        writer.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                + "</title></head><body><h1>" + status + "</h1></body></html>\n");
    }

    static void json(PrintWriter writer, int code) {
        writer.write("{\"status\":" + code + ",\"error\":\"" + HttpStatus.getMessage(code) + "\"}");
    }

    /** For the demo's servlet context. */
    static final class ContextHandler extends org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler {
        ContextHandler() {
            setShowStacks(false);
            setShowMessageInTitle(false);
            setShowCauses(false);
            setShowOrigin(false);
        }

        @Override
        protected void writeErrorHtml(Request request, Writer writer, Charset charset, int code, String message,
                Throwable cause) throws IOException {
            html(writer, code);
        }

        @Override
        protected void writeErrorPlain(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(statusLine(code));
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            json(writer, code);
        }
    }

    /** For errors Jetty answers outside the context. */
    static final class ServerHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        ServerHandler() {
            setShowStacks(false);
            setShowMessageInTitle(false);
            setShowCauses(false);
            setShowOrigin(false);
        }

        @Override
        protected void writeErrorHtml(Request request, Writer writer, Charset charset, int code, String message,
                Throwable cause) throws IOException {
            html(writer, code);
        }

        @Override
        protected void writeErrorPlain(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(statusLine(code));
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            json(writer, code);
        }
    }
}
