package dev.kplane.apiserver.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A minimal protocol-buffers (proto3) writer: the two wire types the OpenAPI v2 messages need — varints (bool) and
 * length-delimited fields (strings, nested messages). Like proto3's generated code, it leaves default scalars out.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static byte[] encode(Consumer<ProtoWriter> body) {
    ProtoWriter w = new ProtoWriter();
    body.accept(w);
    return w.out.toByteArray();
  }

  ProtoWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  ProtoWriter bool(int field, boolean value) {
    if (value) {
      tag(field, VARINT);
      varint(1);
    }
    return this;
  }

  /** A nested message, written even when empty: presence is meaningful for message fields. */
  ProtoWriter message(int field, Consumer<ProtoWriter> body) {
    bytes(field, encode(body));
    return this;
  }

  private void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
  }

  private void tag(int field, int wireType) {
    varint((long) field << 3 | wireType);
  }

  private void varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }
}
