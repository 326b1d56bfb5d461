package dev.kplane.proxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HTTP servers on one port of several loopback addresses, each answering its own address, and a one-shot client. */
public final class Backends implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  public final int port;

  public Backends(String... ips) throws IOException {
    int p = 0;
    for (String ip : ips) {
      HttpServer s = HttpServer.create(new InetSocketAddress(ip, p), 50);
      p = s.getAddress().getPort();
      s.createContext("/", ex -> {
        byte[] body = ip.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
      });
      s.start();
      servers.add(s);
    }
    port = p;
  }

  /** GET / on a new connection (so each request is a new flow to balance); the body, i.e. which backend answered. */
  public static String get(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(3000);
      s.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.") || body < 0) {
        throw new IOException("not an HTTP response: " + response);
      }
      return response.substring(body + 4);
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
