package io.gpufit.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library will not send: a Content-Length
 * without its body, a body that stalls or trickles, TRACE, an encoded slash, an oversized header.
 * One exchange per connection; the answer is read until the server closes or stops sending.
 */
final class RawHttp implements AutoCloseable {

    /** What came back: the status line's code, the headers (names in lower case) and the body. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends {@code text} as ISO-8859-1 bytes (CRLFs included by the caller); false when the server has already closed. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The request head: {@code method path}, then each header line, then the blank line. */
    static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** One chunk of a chunked body. */
    static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.ISO_8859_1).length) + "\r\n" + data + "\r\n";
    }

    static final String LAST_CHUNK = "0\r\n\r\n";

    /** Whether the answer has begun arriving (at least a byte is waiting), without blocking. */
    boolean answered() throws IOException {
        return in.available() > 0;
    }

    /**
     * Reads one answer: the head, then a body of Content-Length bytes or in chunks.
     *
     * @throws SocketTimeoutException when no complete answer arrives within the read timeout
     */
    Answer read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection after its answer; a server that closes does so at once (2 s at most). */
    boolean closed() throws IOException {
        socket.setSoTimeout(2000);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
