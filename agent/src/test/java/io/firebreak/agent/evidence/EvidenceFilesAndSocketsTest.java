package io.firebreak.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file hash limits and the /proc/net line format. */
class EvidenceFilesAndSocketsTest {
  private static final String SHA256_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void hash_reportsEachReasonAFileIsNotHashed() throws Exception {
    Path small = Files.writeString(dir.resolve("small"), "abc");
    Path big = Files.writeString(dir.resolve("big"), "0123456789");
    Path link = Files.createSymbolicLink(dir.resolve("link"), small);

    List<FileHash> hashes =
        new FileHasher(5, 1_000)
            .hash(
                List.of(
                    small.toString(),
                    link.toString(),
                    big.toString(),
                    dir.toString(),
                    "/dev/zero",
                    "relative/path",
                    dir.resolve("missing").toString()));

    assertThat(hashes)
        .extracting(FileHash::status)
        .containsExactly(
            "hashed",
            "hashed",
            "too-large",
            "not-a-regular-file",
            "not-a-regular-file",
            "invalid",
            "missing");
    assertThat(hashes.get(0).sha256()).isEqualTo(SHA256_OF_ABC);
    assertThat(hashes.get(1).sha256()).as("a link is followed").isEqualTo(SHA256_OF_ABC);
    assertThat(hashes.get(2).size()).isEqualTo(10);
    assertThat(hashes.get(2).error()).isEqualTo("larger than the 5 bytes hashed");
    assertThat(hashes.get(4).error()).isEqualTo("a device, pipe or socket");
  }

  @Test
  void hash_stopsWhenTheCommandsBudgetIsSpent() throws Exception {
    Path first = Files.writeString(dir.resolve("first"), "abc");
    Path second = Files.writeString(dir.resolve("second"), "abc");

    List<FileHash> hashes =
        new FileHasher(100, 4).hash(List.of(first.toString(), second.toString()));

    assertThat(hashes).extracting(FileHash::status).containsExactly("hashed", "budget-exhausted");
  }

  @Test
  void endpoint_decodesTheKernelsHostOrderWords() throws Exception {
    Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "x86/arm64 order");

    assertThat(SocketTable.endpoint("0100007F:1F90")).isEqualTo("127.0.0.1:8080");
    assertThat(SocketTable.endpoint("00000000000000000000000001000000:0277"))
        .isEqualTo("[::1]:631");
    assertThat(SocketTable.endpoint("B80D0120000000000000000001000000:01BB"))
        .isEqualTo("[2001:db8::1]:443");
  }

  @Test
  void parse_namesTcpAndUdpStatesAndSkipsMalformedLines() {
    Map<Long, List<Integer>> owners = Map.of(11L, List.of(7, 8));

    SocketInfo tcp =
        SocketTable.parse(
            "tcp", FakeProc.line(0, "00000000:0016", "00000000:0000", "0A", 0, 11), owners);
    SocketInfo synSent =
        SocketTable.parse(
            "tcp", FakeProc.line(1, "00000000:0016", "00000000:0000", "02", 0, 12), owners);
    SocketInfo udp =
        SocketTable.parse(
            "udp", FakeProc.line(2, "00000000:0035", "00000000:0000", "07", 0, 13), owners);

    assertThat(tcp.state()).isEqualTo("LISTEN");
    assertThat(tcp.listening()).isTrue();
    assertThat(tcp.pids()).containsExactly(7, 8);
    assertThat(synSent.state()).isEqualTo("SYN_SENT");
    assertThat(synSent.pids()).isEmpty();
    assertThat(udp.state()).isEqualTo("UNCONN");
    assertThat(udp.listening()).isTrue();
    assertThat(SocketTable.parse("tcp", "  0: 0100007F:ZZZZ", owners)).isNull();
    assertThat(SocketTable.parse("tcp", FakeProc.TCP_HEADER, owners)).isNull();
  }
}
