package dev.rung.intake.internal;

import dev.rung.web.FilterProblems;
import dev.rung.web.OpenAiErrors;
import dev.rung.web.ProblemType;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Refuses task bodies over 64 KiB with 413 before anything parses them: by Content-Length when the
 * client sends one, otherwise by reading at most one byte past the limit.
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final long MAX_DRAINED_BYTES = 1024 * 1024;

    private final JsonMapper json;

    BodySizeLimit(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/tasks")
                && !request.getRequestURI().startsWith("/v1/webhooks")
                && !OpenAiErrors.openAiPath(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            refuse(request, response);
            return;
        }
        if (request.getContentLengthLong() >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /**
     * Reads (and drops) up to {@link #MAX_DRAINED_BYTES} of what the client is still sending before
     * answering: closing a connection with unread bytes makes the operating system reset it, and a
     * reset can reach the client before the 413 does, which it then never sees.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        var body = request.getInputStream();
        byte[] buffer = new byte[8192];
        long drained = 0;
        int read;
        while (drained < MAX_DRAINED_BYTES && (read = body.read(buffer)) >= 0) {
            drained += read;
        }
        response.setHeader("Connection", "close");
        FilterProblems.write(
                request,
                response,
                json,
                ProblemType.PAYLOAD_TOO_LARGE,
                "Task bodies are limited to " + MAX_BODY_BYTES + " bytes.",
                Map.of("maxBytes", MAX_BODY_BYTES));
    }

    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                public int read() {
                    return in.read();
                }

                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                public boolean isFinished() {
                    return in.available() == 0;
                }

                public boolean isReady() {
                    return true;
                }

                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
