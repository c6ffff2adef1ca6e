package io.firebreak.agent.evidence;

/**
 * One running process as {@code /proc} shows it.
 *
 * @param pid its process id
 * @param ppid its parent's process id
 * @param uid its real user id
 * @param user the name of that user ({@code /etc/passwd}), or the uid as text
 * @param name its command name ({@code comm}, at most 15 characters)
 * @param executable the path of its executable, {@code " (deleted)"} appended by the kernel when
 *     the file was deleted after start; empty when unreadable (kernel threads)
 * @param commandLine its arguments joined by spaces, cut at the configured length with {@code ...};
 *     {@code [name]} for a kernel thread
 */
record ProcessInfo(
    int pid, int ppid, int uid, String user, String name, String executable, String commandLine) {}
