package io.zapgate.core.command;

/** Port: hands a command to whichever session host owns the instance (SQS FIFO, grouped per instance). */
public interface CommandBus {
    void send(InstanceCommand command);
}
