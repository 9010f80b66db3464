package graphsvc.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection: a request written in one go,
 * its answer read to the end of its body (Content-Length or chunked).
 *
 * <p>The load generator shares the two cores with the server under test, so
 * its client must cost little: java.net.http hands every exchange between its
 * selector thread and the caller through futures, which took about 0.4 ms of
 * CPU per GraphQL entity request, nearly as much as the API's 0.55 ms. A socket
 * read by the client's own thread took 0.03 ms.
 */
final class HttpConnection implements AutoCloseable {
  record Response(int status, byte[] body) {}

  private final URI url;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(URI url) {
    this.url = url;
  }

  /** The bytes of a POST of a JSON body to the url, ready to send again and again. */
  static byte[] post(URI url, byte[] json) {
    String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    String head =
        "POST " + path + " HTTP/1.1\r\n"
            + "Host: " + url.getHost() + ":" + port(url) + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Accept: application/json\r\n"
            + "Content-Length: " + json.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + json.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(json, 0, all, headBytes.length, json.length);
    return all;
  }

  /** Sends a request made by {@link #post} and reads its answer. */
  Response exchange(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close(); // the next exchange opens a fresh connection
      throw e;
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(60_000);
    s.connect(new InetSocketAddress(url.getHost(), port(url)), 10_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
    out = s.getOutputStream();
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = parts[0].equals("HTTP/1.0");
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("answer ended after " + body.length + " of " + length + " bytes");
      }
    } else {
      body = in.readAllBytes(); // delimited by the end of the connection
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, body);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new EOFException("chunk ended early");
      }
      body.write(chunk);
      line();
    }
  }

  /** One header line, without its CRLF. */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (b == '\n') {
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') {
          sb.setLength(end - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
    }
  }

  private static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : 80;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do for a connection already gone
      }
      socket = null;
    }
  }
}
