package io.firebreak.agent.journal;

import com.google.protobuf.CodedInputStream;
import io.firebreak.proto.agent.v1.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent record of commands this host has executed: an append-only file of length-delimited
 * {@link JournalEntry} records, loaded into memory at open. A torn last record (the process died
 * mid-write) is cut off at open. Keyed by command id. Thread-safe: appends are serialized, lookups
 * are lock-free.
 */
public final class CommandJournal implements Closeable {
  /** The journal's file name inside an agent's state directory. */
  public static final String FILE_NAME = "journal.bin";

  private static final Logger log = LoggerFactory.getLogger(CommandJournal.class);

  private final Path file;
  private final JournalSync sync;
  private final FileChannel channel;
  private final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();

  private CommandJournal(Path file, JournalSync sync, FileChannel channel) {
    this.file = file;
    this.sync = sync;
    this.channel = channel;
  }

  /** Opens (creating if needed) the journal in {@code stateDir} and loads its records. */
  public static CommandJournal open(Path stateDir, JournalSync sync) throws IOException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    CommandJournal journal = new CommandJournal(file, sync, channel);
    try {
      if (lock(channel) == null) {
        throw new IOException("journal " + file + " is in use by another agent");
      }
      journal.load();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return journal;
  }

  private static FileLock lock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private void load() throws IOException {
    byte[] content = Files.readAllBytes(file);
    CodedInputStream input = CodedInputStream.newInstance(content);
    long intact = 0;
    while (!input.isAtEnd()) {
      try {
        int size = input.readRawVarint32();
        if (size < 0 || size > content.length - input.getTotalBytesRead()) {
          break;
        }
        JournalEntry entry = JournalEntry.parseFrom(input.readRawBytes(size));
        entries.put(entry.getCommandId(), entry);
        intact = input.getTotalBytesRead();
      } catch (IOException e) {
        break;
      }
    }
    if (intact < content.length) {
      log.warn(
          "journal {}: cut off a torn record ({} trailing bytes)", file, content.length - intact);
      channel.truncate(intact);
      channel.force(true);
    }
    channel.position(intact);
  }

  /** The recorded entry for {@code commandId}, if that command was executed. */
  public Optional<JournalEntry> find(String commandId) {
    return Optional.ofNullable(entries.get(commandId));
  }

  /** Every recorded entry (for restoring the epoch fence at start). */
  public Collection<JournalEntry> entries() {
    return List.copyOf(entries.values());
  }

  /**
   * Records {@code entry}: it is answerable from memory at once, and appended to the file (forced
   * to the device when the sync mode is {@link JournalSync#ALWAYS}) before this method returns.
   *
   * @throws IOException if the file write fails; the entry is still held in memory
   */
  public synchronized void append(JournalEntry entry) throws IOException {
    entries.put(entry.getCommandId(), entry);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.getSerializedSize() + 5);
    entry.writeDelimitedTo(bytes);
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    if (sync == JournalSync.ALWAYS) {
      channel.force(false);
    }
  }

  /** Number of recorded commands. */
  public int size() {
    return entries.size();
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
