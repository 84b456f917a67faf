package io.sosae.jobs.expiry;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a key of a keyed function has been idle for a time to live (processing time): its last
 * activity and one timer per key in keyed state. Activity only writes a timestamp; the timer is
 * re-armed from the last activity when it fires early, so a busy key costs no timer churn. The
 * function clears its own state when {@link #expired} says so. The state names ({@code
 * last-active}, {@code expiry-timer}) are part of the savepoint format of every function using it.
 */
public final class IdleExpiry {
    private final long ttlMillis;
    private final ValueState<Long> lastActive;
    private final ValueState<Long> timer;

    private IdleExpiry(long ttlMillis, ValueState<Long> lastActive, ValueState<Long> timer) {
        this.ttlMillis = ttlMillis;
        this.lastActive = lastActive;
        this.timer = timer;
    }

    /** Registers the two states in the function's keyed state; {@code ttlMillis} 0 = never. */
    public static IdleExpiry open(RuntimeContext context, long ttlMillis) {
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("the time to live must be >= 0 ms (0 = never), was " + ttlMillis);
        }
        return new IdleExpiry(
                ttlMillis,
                context.getState(new ValueStateDescriptor<>("last-active", Types.LONG)),
                context.getState(new ValueStateDescriptor<>("expiry-timer", Types.LONG)));
    }

    public boolean enabled() {
        return ttlMillis > 0;
    }

    /** The current key was active now: arms its timer if it has none (no-op when disabled). */
    public void touch(TimerService timers) throws Exception {
        if (!enabled()) {
            return;
        }
        long now = timers.currentProcessingTime();
        lastActive.update(now);
        if (timer.value() == null) {
            arm(timers, now + ttlMillis);
        }
    }

    /** Whether a processing-time timer of the current key at {@code timestamp} is its expiry timer. */
    public boolean isTimer(long timestamp) throws Exception {
        Long due = timer.value();
        return due != null && due == timestamp;
    }

    /**
     * The expiry timer fired at {@code now}: true when the key has been idle for the time to live
     * and not before {@code notBefore} (this state is then cleared), otherwise re-armed.
     */
    public boolean expired(TimerService timers, long now, long notBefore) throws Exception {
        Long last = lastActive.value();
        long idleUntil = Math.max((last == null ? now : last) + ttlMillis, notBefore);
        if (idleUntil > now) {
            arm(timers, idleUntil);
            return false;
        }
        lastActive.clear();
        timer.clear();
        return true;
    }

    private void arm(TimerService timers, long due) throws Exception {
        timers.registerProcessingTimeTimer(due);
        timer.update(due);
    }
}
