package dev.kplane.kubelet.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.nio.ByteBuffer;

/**
 * The WebSocket framing of remote commands ({@code v4/v5.channel.k8s.io}): every binary message starts with the
 * channel byte. The error channel carries one metav1.Status at the end; v5 adds the close signal (255, channel).
 */
final class Channels {
  static final String V5 = "v5.channel.k8s.io";
  static final String V4 = "v4.channel.k8s.io";
  static final byte STDIN = 0;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte ERROR = 3;
  static final byte RESIZE = 4;
  static final byte CLOSE = (byte) 255;

  private Channels() {}

  static ByteBuffer frame(byte channel, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(data.length + 1);
    b.put(channel).put(data).flip();
    return b;
  }

  static byte[] success() {
    return Json.bytes(status("Success"));
  }

  /** What kubectl turns into its own exit code: reason NonZeroExitCode with an ExitCode cause. */
  static byte[] exitCode(int code, String detail) {
    ObjectNode s = status("Failure");
    s.put("message", "command terminated with non-zero exit code: " + detail);
    s.put("reason", "NonZeroExitCode");
    s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", Integer.toString(code));
    return Json.bytes(s);
  }

  /** apierrors.NewInternalError, as the kubelet's stream server reports a failed command. */
  static byte[] internalError(String message) {
    ObjectNode s = status("Failure");
    s.put("message", "Internal error occurred: " + message);
    s.put("reason", "InternalError");
    s.putObject("details").putArray("causes").addObject().put("message", message);
    s.put("code", 500);
    return Json.bytes(s);
  }

  private static ObjectNode status(String status) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.putObject("metadata");
    s.put("status", status);
    return s;
  }
}
