package io.firebreak.agent.journal;

/** When the journal forces its writes to the storage device. */
public enum JournalSync {
  /** fsync after every record: a recorded command survives a power loss. Default for real hosts. */
  ALWAYS,
  /**
   * No fsync: records reach the OS page cache, which survives the agent process being killed but
   * not the machine losing power. Default for simulated fleets.
   */
  NONE
}
