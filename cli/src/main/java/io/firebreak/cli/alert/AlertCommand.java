package io.firebreak.cli.alert;

import picocli.CommandLine.Command;

/** {@code firebreak alert ...}: report detection alerts. */
@Command(name = "alert", description = "Report detection alerts.", subcommands = AlertSendCommand.class)
public final class AlertCommand {}
