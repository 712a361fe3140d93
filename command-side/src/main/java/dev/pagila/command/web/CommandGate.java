package dev.pagila.command.web;

/**
 * Whether this platform takes commands at all: it does not while another system is the system of record (a live
 * migration before cut-over). Asked before every command.
 */
public interface CommandGate {

    /** @throws RuntimeException whose problem answer says why no command is taken now */
    void requireOpen();
}
