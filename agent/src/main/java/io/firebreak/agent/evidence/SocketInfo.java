package io.firebreak.agent.evidence;

import java.util.List;

/**
 * One socket of {@code /proc/net/{tcp,tcp6,udp,udp6}}.
 *
 * @param protocol {@code tcp}, {@code tcp6}, {@code udp} or {@code udp6}
 * @param state e.g. {@code LISTEN}, {@code ESTABLISHED}; {@code UNCONN} for an unconnected UDP
 *     socket (as {@code ss} prints it)
 * @param local the local address and port, e.g. {@code 0.0.0.0:22} or {@code [::1]:631}
 * @param remote the remote address and port ({@code 0.0.0.0:0} when not connected)
 * @param uid the socket owner's user id
 * @param inode the socket's inode, which links it to the processes holding it
 * @param pids the processes with the socket open, when their descriptors were readable
 */
record SocketInfo(
    String protocol,
    String state,
    String local,
    String remote,
    int uid,
    long inode,
    List<Integer> pids) {

  /** Whether it accepts connections or datagrams: TCP LISTEN or unconnected UDP. */
  boolean listening() {
    return state.equals("LISTEN") || state.equals("UNCONN");
  }
}
