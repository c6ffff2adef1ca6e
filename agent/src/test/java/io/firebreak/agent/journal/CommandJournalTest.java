package io.firebreak.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.JournalEntry;
import io.firebreak.proto.agent.v1.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJournalTest {
  @TempDir Path dir;

  private static JournalEntry entry(String commandId, long epoch) {
    return JournalEntry.newBuilder()
        .setCommandId(commandId)
        .setIntentDigest(ByteString.copyFromUtf8("digest-" + commandId))
        .setResult(
            CommandResult.newBuilder()
                .setCommandId(commandId)
                .setHostId("web-3")
                .setOutcome(Outcome.OUTCOME_SUCCEEDED)
                .putEvidence("isolated", "true"))
        .setIncidentId("inc-1")
        .setEpoch(epoch)
        .build();
  }

  @Test
  void open_readsBackEveryAppendedEntry() throws IOException {
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.ALWAYS)) {
      journal.append(entry("a", 1));
      journal.append(entry("b", 2));
    }
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.NONE)) {
      assertThat(journal.size()).isEqualTo(2);
      assertThat(journal.find("a")).contains(entry("a", 1));
      assertThat(journal.find("b")).contains(entry("b", 2));
      assertThat(journal.find("c")).isEmpty();
    }
  }

  @Test
  void open_cutsOffATornLastRecordAndAppendsAfterTheIntactOnes() throws IOException {
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.ALWAYS)) {
      journal.append(entry("a", 1));
      journal.append(entry("b", 2));
    }
    Path file = dir.resolve(CommandJournal.FILE_NAME);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));

    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.ALWAYS)) {
      assertThat(journal.find("a")).isPresent();
      assertThat(journal.find("b")).isEmpty();
      journal.append(entry("c", 3));
    }
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.ALWAYS)) {
      assertThat(journal.entries())
          .extracting(JournalEntry::getCommandId)
          .containsExactlyInAnyOrder("a", "c");
    }
  }

  @Test
  void open_refusesAJournalAlreadyOpenedByAnotherAgent() throws IOException {
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.ALWAYS)) {
      assertThatThrownBy(() -> CommandJournal.open(dir, JournalSync.ALWAYS))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another agent");
    }
  }

  @Test
  void openUnlocked_readsBackWhatEitherKindOfJournalAppended() throws IOException {
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.ALWAYS)) {
      journal.append(entry("a", 1));
    }
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.NONE)) {
      assertThat(journal.find("a")).contains(entry("a", 1));
      journal.append(entry("b", 2));
    }
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.NONE)) {
      journal.append(entry("c", 3));
      assertThat(journal.entries())
          .extracting(JournalEntry::getCommandId)
          .containsExactlyInAnyOrder("a", "b", "c");
    }
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.NONE)) {
      assertThat(journal.size()).isEqualTo(3);
      assertThat(journal.find("c")).contains(entry("c", 3));
    }
  }

  @Test
  void openUnlocked_cutsOffATornLastRecordAndAppendsAfterTheIntactOnes() throws IOException {
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.ALWAYS)) {
      journal.append(entry("a", 1));
      journal.append(entry("b", 2));
    }
    Path file = dir.resolve(CommandJournal.FILE_NAME);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));

    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.ALWAYS)) {
      assertThat(journal.find("b")).isEmpty();
      journal.append(entry("c", 3));
    }
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.ALWAYS)) {
      assertThat(journal.entries())
          .extracting(JournalEntry::getCommandId)
          .containsExactlyInAnyOrder("a", "c");
    }
  }

  @Test
  void openUnlocked_holdsNoFileOpenBetweenAppends() throws IOException {
    Path descriptors = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(descriptors), "needs /proc");
    try (CommandJournal journal = CommandJournal.openUnlocked(dir, JournalSync.NONE)) {
      journal.append(entry("a", 1));

      assertThat(openDescriptorsOf(dir.resolve(CommandJournal.FILE_NAME), descriptors)).isZero();
    }
    try (CommandJournal journal = CommandJournal.open(dir, JournalSync.NONE)) {
      assertThat(openDescriptorsOf(dir.resolve(CommandJournal.FILE_NAME), descriptors)).isOne();
    }
  }

  private static long openDescriptorsOf(Path file, Path descriptors) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> links = Files.list(descriptors)) {
      return links
          .filter(
              link -> {
                try {
                  return Files.readSymbolicLink(link).equals(real);
                } catch (IOException gone) {
                  return false; // the descriptor of the listing itself, closed meanwhile
                }
              })
          .count();
    }
  }
}
