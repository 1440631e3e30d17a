package dev.teledrive.plugins.ffmpegcamera.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One child process whose whole family can be ended for certain. */
public final class ChildProcess {

    private final Process process;

    private ChildProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts a command with its standard input closed.
     *
     * @throws IOException if the executable cannot be run (missing, or not executable)
     */
    public static ChildProcess start(List<String> command) throws IOException {
        return new ChildProcess(new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start());
    }

    /** The process id, for logs and measurements. */
    public long pid() {
        return process.pid();
    }

    /** Its standard output. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** Its standard error. */
    public InputStream stderr() {
        return process.getErrorStream();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for it to exit by itself and returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Ends the process and everything it started: asks politely (SIGTERM), waits up to
     * {@code grace}, then kills what is left (SIGKILL) and waits for that too. When it returns
     * normally none of them runs any more.
     *
     * @return whether every one of them is gone; {@code false} only if even SIGKILL did not end one
     *         within {@code grace} (a process stuck in the kernel, such as on a hung USB device)
     */
    public boolean end(Duration grace) throws InterruptedException {
        // Listed before the parent dies: orphans are re-parented and no longer count as descendants.
        List<ProcessHandle> family = new ArrayList<>();
        family.add(process.toHandle());
        process.descendants().forEach(family::add);
        family.forEach(ProcessHandle::destroy);
        if (awaitAll(family, grace)) {
            return true;
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return awaitAll(family, grace);
    }

    private boolean awaitAll(List<ProcessHandle> family, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The direct child through Process, so that it is reaped and its pipes see their end.
        if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (ProcessHandle member : family.subList(1, family.size())) {
            try {
                member.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // onExit never fails; if it did, the liveness check below decides
            }
            if (member.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "pid " + process.pid();
    }
}
