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
 * mid-write) is cut off at open. Keyed by command id. Opened with {@link #open}, the journal holds
 * its file open and locked until closed; opened with {@link #openUnlocked} (many hosts in one
 * process), it holds no file between appends. Thread-safe: appends are serialized, lookups are
 * lock-free.
 */
public final class CommandJournal implements Closeable {
  /** The journal's file name inside an agent's state directory. */
  public static final String FILE_NAME = "journal.bin";

  private static final Logger log = LoggerFactory.getLogger(CommandJournal.class);

  private final Path file;
  private final JournalSync sync;
  private final FileChannel channel; // null when the file is opened for each append
  private final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();

  private CommandJournal(Path file, JournalSync sync, FileChannel channel) {
    this.file = file;
    this.sync = sync;
    this.channel = channel;
  }

  /**
   * Opens (creating if needed) the journal in {@code stateDir}, loads its records, and keeps the
   * file open and locked until {@link #close}, so a second agent on the same directory is refused.
   */
  public static CommandJournal open(Path stateDir, JournalSync sync) throws IOException {
    Path file = create(stateDir);
    FileChannel channel = openChannel(file);
    CommandJournal journal = new CommandJournal(file, sync, channel);
    try {
      if (lock(channel) == null) {
        throw new IOException("journal " + file + " is in use by another agent");
      }
      journal.load(channel);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return journal;
  }

  /**
   * Opens (creating if needed) the journal in {@code stateDir} and loads its records without
   * holding the file: each {@link #append} opens, writes and closes it. For many hosts in one
   * process (a simulated fleet), where a file held per host would use up the process's file
   * descriptors before the hosts' sockets could; the caller guarantees that no one else writes to
   * {@code stateDir} (the fleet locks its whole state directory once).
   */
  public static CommandJournal openUnlocked(Path stateDir, JournalSync sync) throws IOException {
    Path file = create(stateDir);
    CommandJournal journal = new CommandJournal(file, sync, null);
    try (FileChannel channel = openChannel(file)) {
      journal.load(channel);
    }
    return journal;
  }

  private static Path create(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    return stateDir.resolve(FILE_NAME);
  }

  private static FileChannel openChannel(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static FileLock lock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private void load(FileChannel opened) throws IOException {
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
      opened.truncate(intact);
      opened.force(true);
    }
    opened.position(intact);
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
    if (channel != null) {
      write(channel, buffer);
      return;
    }
    try (FileChannel appending =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      write(appending, buffer);
    }
  }

  private void write(FileChannel target, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      target.write(buffer);
    }
    if (sync == JournalSync.ALWAYS) {
      target.force(false);
    }
  }

  /** Number of recorded commands. */
  public int size() {
    return entries.size();
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
