package dev.cloakroom.servlet;

import dev.cloakroom.session.Session;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small application written against the plain servlet API (as an existing application would be), with one
 * path per behaviour the container tests check. Each test gets its own instance.
 */
final class DemoServlet extends HttpServlet {
    /** An application value, as Spring MVC code would keep it in the HttpSession. */
    record Basket(java.util.List<String> items, java.time.Instant updated) { }

    static final Basket TYPED_BASKET = new Basket(java.util.List.of("apple", "pear"),
            java.time.Instant.parse("2030-01-02T03:04:05Z"));

    /** Counted down when /slow-write or /slow-flush has written to the session and waits. */
    final CountDownLatch slowWriteEntered = new CountDownLatch(1);
    /** Counted down by the test to let the slow request finish. */
    final CountDownLatch slowWriteRelease = new CountDownLatch(1);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setContentType("text/plain;charset=utf-8");
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo();
        if (request.getAttribute(jakarta.servlet.RequestDispatcher.INCLUDE_PATH_INFO) instanceof String included) {
            path = included;
        }
        switch (path) {
            case "/count" -> {
                HttpSession session = request.getSession();
                Object count = session.getAttribute("count");
                long next = count == null ? 1 : ((Number) count).longValue() + 1;
                session.setAttribute("count", next);
                response.getWriter().print(next);
            }
            case "/typed-put" -> {
                HttpSession session = request.getSession();
                session.setAttribute("basket", TYPED_BASKET);
                session.setAttribute("visits", 7);
                response.getWriter().print("stored");
            }
            case "/typed-get" -> {
                HttpSession session = request.getSession(false);
                Object basket = session.getAttribute("basket");
                Object visits = session.getAttribute("visits");
                response.getWriter().print(basket.getClass().getSimpleName() + " equal=" + TYPED_BASKET.equals(basket)
                        + " " + visits.getClass().getSimpleName() + "=" + visits);
            }
            case "/peek" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "none" : "count=" + session.getAttribute("count"));
            }
            case "/describe" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "none" : "new=" + session.isNew() + " id="
                        + session.getId() + " created=" + session.getCreationTime() + " last="
                        + session.getLastAccessedTime() + " max=" + session.getMaxInactiveInterval());
            }
            case "/requested" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print("session=" + (session != null) + " valid="
                        + request.isRequestedSessionIdValid() + (session == null ? "" : " new=" + session.isNew()));
            }
            case "/create-and-describe" -> {
                HttpSession session = request.getSession();
                session.setAttribute("b", 2);
                session.setAttribute("a", 1);
                response.getWriter().print("new=" + session.isNew() + " names="
                        + java.util.Collections.list(session.getAttributeNames()) + " created="
                        + session.getCreationTime() + " same=" + (request.getSession(false) == session));
            }
            case "/invalidate" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.getWriter().print(request.getSession(false) == null ? "gone" : "still there");
            }
            case "/change-id" -> {
                request.getSession().setAttribute("login", "alice");
                response.getWriter().print(request.changeSessionId());
            }
            case "/max-inactive" -> {
                request.getSession().setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
                response.getWriter().print("ok");
            }
            case "/flush-early" -> {
                request.getSession().setAttribute("early", "yes");
                PrintWriter writer = response.getWriter();
                writer.print("partial");
                writer.flush();
                writer.print(" rest");
            }
            case "/flush-then-create" -> {
                PrintWriter writer = response.getWriter();
                writer.print("committed");
                writer.flush();
                request.getSession().setAttribute("late", "yes");
            }
            case "/flush-buffer" -> {
                request.getSession().setAttribute("early", "yes");
                response.getOutputStream().write("bytes".getBytes());
                response.flushBuffer();
            }
            case "/large" -> {
                request.getSession().setAttribute("large", "yes");
                PrintWriter writer = response.getWriter();
                for (int i = 0; i < 20_000; i++) {
                    writer.print("0123456789");
                }
            }
            case "/write-then-set" -> {
                // well below the buffer in bytes, but more than a third of it in characters
                response.getWriter().print("x".repeat(response.getBufferSize() * 2 / 3));
                request.getSession().setAttribute("late", "yes");
            }
            case "/set-write-then-throw" -> {
                request.getSession().setAttribute("broken", "yes");
                response.getWriter().print("x".repeat(response.getBufferSize() * 2 / 3));
                throw new IllegalStateException("the application failed after writing");
            }
            case "/content-length" -> {
                request.getSession().setAttribute("sized", "yes");
                response.setContentLength(5);
                response.getOutputStream().write("hello".getBytes());
            }
            case "/redirect" -> {
                request.getSession().setAttribute("redirected", "yes");
                response.sendRedirect("/peek");
            }
            case "/send-error" -> {
                request.getSession().setAttribute("forbidden", "yes");
                response.sendError(403);
            }
            case "/status-500" -> {
                request.getSession().setAttribute("broken", "yes");
                response.setStatus(500);
                response.getWriter().print("broken");
            }
            case "/throw" -> {
                request.getSession().setAttribute("broken", "yes");
                throw new IllegalStateException("the application failed");
            }
            case "/direct" -> {
                Session session = CloakroomSessions.current(request);
                session.put("direct", "yes");
                response.getWriter().print(request.getAttribute(CloakroomSessions.ATTRIBUTE) == session);
            }
            case "/teapot" -> {
                request.getSession().setAttribute("teapot", "yes");
                response.sendError(418);
            }
            case "/error-page" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print("error page sees teapot=" + (session == null ? null
                        : session.getAttribute("teapot")));
            }
            case "/slow-flush" -> {
                HttpSession session = request.getSession(false);
                session.setAttribute("slow", "yes");
                awaitRelease();
                PrintWriter writer = response.getWriter();
                writer.print("too late");
                writer.flush();
            }
            case "/slow-wrapped" -> {
                HttpSession session = request.getSession(false);
                session.setAttribute("slow", "yes");
                awaitRelease();
                try {
                    CloakroomSessions.current(request).save();
                } catch (RuntimeException e) {
                    throw new ServletException("the framework wraps what the handler threw", e);
                }
            }
            case "/slow-write" -> {
                HttpSession session = request.getSession(false);
                session.setAttribute("slow", "yes");
                awaitRelease();
                response.getWriter().print("done");
            }
            case "/async" -> {
                request.getSession().setAttribute("async", "yes");
                var async = request.startAsync();
                async.start(() -> {
                    try {
                        async.getResponse().getWriter().print("async done");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            }
            case "/async-dispatch" -> {
                if (request.getDispatcherType() == DispatcherType.ASYNC) {
                    response.getWriter().print("dispatched sees async=" + request.getSession().getAttribute("async"));
                    return;
                }
                request.getSession().setAttribute("async", "yes");
                var async = request.startAsync();
                async.start(async::dispatch);
            }
            case "/async-dispatch-flush-then-write" -> {
                if (request.getDispatcherType() == DispatcherType.ASYNC) {
                    PrintWriter writer = response.getWriter();
                    writer.print("flushed");
                    writer.flush();
                    request.getSession().setAttribute("late", "yes");
                    return;
                }
                request.getSession().setAttribute("async", "yes");
                var async = request.startAsync();
                async.start(async::dispatch);
            }
            case "/async-get-context" -> {
                request.getSession().setAttribute("async", "yes");
                request.startAsync();
                var async = request.getAsyncContext();
                async.start(() -> {
                    try {
                        async.getResponse().getWriter().print("completed through getAsyncContext");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            }
            case "/forward-count" -> request.getRequestDispatcher("/count").forward(request, response);
            case "/include-count" -> {
                response.getWriter().print("included ");
                request.getRequestDispatcher("/count").include(request, response);
            }
            case "/invalidate-then-create" -> {
                request.getSession().invalidate();
                HttpSession fresh = request.getSession(true);
                fresh.setAttribute("fresh", "yes");
                response.getWriter().print("new=" + fresh.isNew() + " same=" + (request.getSession(false) == fresh));
            }
            case "/write-then-length" -> {
                request.getSession().setAttribute("sized", "yes");
                response.getOutputStream().write("hello".getBytes());
                response.setContentLength(5);
            }
            case "/untouched" -> response.getWriter().print("untouched");
            case "/touch-only" -> response.getWriter().print(request.getSession(false) != null);
            case "/flush-direct-then-peek" -> {
                request.getSession(false);
                CloakroomSessions.current(request).flush();
                response.getWriter().print(request.getSession(false) == null ? "gone" : "still there");
            }
            case "/remove-last-then-peek" -> {
                HttpSession session = request.getSession(false);
                session.removeAttribute(request.getParameter("name"));
                HttpSession again = request.getSession(false);
                response.getWriter().print((again == session ? "same" : "other") + " left=" + Collections.list(session.getAttributeNames()));
            }
            case "/max-inactive-read" -> {
                HttpSession session = request.getSession();
                session.setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
                response.getWriter().print(session.getMaxInactiveInterval());
            }
            case "/reset-after-set" -> {
                request.getSession().setAttribute("reset", "yes");
                response.setHeader("X-Gone", "yes");
                response.getWriter().print("before");
                response.reset();
                response.setContentType("text/plain;charset=utf-8");
                response.getOutputStream().write("after".getBytes());
            }
            case "/send-error-503" -> {
                request.getSession().setAttribute("broken", "yes");
                response.sendError(503);
            }
            default -> response.sendError(404);
        }
    }

    /** Tells the test this request is inside, then waits until the test lets it go on. */
    private void awaitRelease() {
        slowWriteEntered.countDown();
        try {
            if (!slowWriteRelease.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the slow request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
