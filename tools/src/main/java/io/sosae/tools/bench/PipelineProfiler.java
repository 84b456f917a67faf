package io.sosae.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a running pipeline's time goes, from inside its JVM (broker, Flink and consumers all run
 * here): CPU time per thread group between {@link #start} and {@link #stop}, and a stack sampler on
 * the Flink task threads that classifies each sample by the innermost frame of a known component.
 */
public final class PipelineProfiler implements AutoCloseable {

    /** CPU seconds of one thread group and its share of the wall time x cores. */
    public record ThreadGroupCpu(String group, double cpuSeconds, double shareOfMachine) {}

    /** Samples of one task thread, by component. */
    public record TaskProfile(String task, long samples, Map<String, Double> shares) {}

    /**
     * The process's memory at one sample: resident set (-1 off Linux), the Java heap the JVM has
     * committed, and direct buffers; what is left of the resident set is native memory (libtorch's
     * tensors, the allocator's free lists, thread stacks, code). Committed heap that was never
     * touched is not resident, so the native figure is an estimate (it can read below zero).
     */
    public record Memory(long residentBytes, long heapCommittedBytes, long directBytes) {
        public long nativeBytes() {
            return residentBytes - heapCommittedBytes - directBytes;
        }

        static Memory now() {
            long direct = ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                    .filter(b -> b.getName().equals("direct"))
                    .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
                    .sum();
            return new Memory(PipelineBench.residentBytes(), PipelineBench.committedHeap(), direct);
        }
    }

    /** @param memoryAtStart when profiling started; memoryAtPeak the sample with the largest resident set */
    public record Result(
            double wallSeconds,
            double processCpuSeconds,
            List<ThreadGroupCpu> threads,
            List<TaskProfile> tasks,
            Memory memoryAtStart,
            Memory memoryAtPeak,
            Memory memoryAtEnd) {}

    private static final String[][] COMPONENTS = {
        {"ai.djl.", "model (DJL / libtorch)"},
        {"io.sosae.model.", "model (DJL / libtorch)"},
        {"org.apache.avro.", "Avro serde"},
        {"org.apache.flink.formats.avro.", "Avro serde"},
        {"io.sosae.connectors.serde.", "Avro serde"},
        {"io.sosae.connectors.deadletter.", "decode + validate"},
        {"org.apache.kafka.", "Kafka client"},
        {"org.apache.flink.connector.kafka.", "Kafka connector"},
        {"org.apache.flink.runtime.state.", "Flink keyed state"},
        {"org.apache.flink.api.common.typeutils.", "Flink serializers"},
        {"org.apache.flink.runtime.io.network.", "Flink network"},
        {"org.apache.flink.runtime.checkpoint.", "Flink checkpointing"},
        {"org.apache.flink.streaming.runtime.io.checkpointing.", "Flink checkpointing"},
        {"io.sosae.jobs.", "operator code"},
    };

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Map<String, Map<String, Long>> samples = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long startNanos;
    private long processCpuAtStart;
    private Memory memoryAtStart;
    private volatile Memory memoryAtPeak;

    private PipelineProfiler(long sampleMillis) {
        sampler = new Thread(
                () -> {
                    while (running) {
                        sample();
                        try {
                            Thread.sleep(sampleMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-profiler");
        sampler.setDaemon(true);
    }

    static PipelineProfiler start(long sampleMillis) {
        PipelineProfiler p = new PipelineProfiler(sampleMillis);
        p.startNanos = System.nanoTime();
        p.processCpuAtStart = processCpu();
        p.memoryAtStart = Memory.now();
        p.memoryAtPeak = p.memoryAtStart;
        for (long id : p.mx.getAllThreadIds()) {
            p.cpuAtStart.put(id, Math.max(0, p.mx.getThreadCpuTime(id)));
        }
        p.sampler.start();
        return p;
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** A Flink task thread's name without subtask and attempt numbers; null for other threads. */
    static String task(String threadName) {
        if (!threadName.contains(" (") || !threadName.contains("#")) {
            return null;
        }
        return threadName.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "");
    }

    private long[] taskThreads = new long[0];
    private int sampled;

    private void sample() {
        notePeak(Memory.now());
        if (sampled++ % 20 == 0) { // task threads come and go with jobs: look them up again now and then
            taskThreads = java.util.Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds(), 0))
                    .filter(i -> i != null && task(i.getThreadName()) != null)
                    .mapToLong(ThreadInfo::getThreadId)
                    .toArray();
        }
        for (ThreadInfo info : mx.getThreadInfo(taskThreads, 64)) {
            if (info == null) {
                continue;
            }
            String task = task(info.getThreadName());
            if (task == null) {
                continue;
            }
            String component = classify(info);
            synchronized (samples) {
                samples.computeIfAbsent(task, k -> new HashMap<>()).merge(component, 1L, Long::sum);
            }
        }
    }

    static String classify(ThreadInfo info) {
        if (info.getThreadState() == Thread.State.WAITING
                || info.getThreadState() == Thread.State.TIMED_WAITING
                || info.getThreadState() == Thread.State.BLOCKED) {
            return "waiting (idle, back-pressure)";
        }
        for (StackTraceElement e : info.getStackTrace()) {
            for (String[] c : COMPONENTS) {
                if (e.getClassName().startsWith(c[0])) {
                    return c[1];
                }
            }
        }
        return "Flink runtime / other";
    }

    /** Thread names grouped: digits and subtask suffixes dropped. */
    static String group(String threadName) {
        String t = task(threadName);
        if (t != null) {
            return "Flink task: " + t;
        }
        return threadName
                .replaceAll("[-_ #]?\\d+", "")
                .replaceAll("\\[.*\\]", "")
                .trim();
    }

    private void notePeak(Memory m) {
        if (m.residentBytes() > memoryAtPeak.residentBytes()) {
            memoryAtPeak = m;
        }
    }

    Result stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Double> byGroup = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long cpu = mx.getThreadCpuTime(id);
            ThreadInfo info = mx.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            double seconds = (cpu - cpuAtStart.getOrDefault(id, 0L)) / 1e9;
            byGroup.merge(group(info.getThreadName()), seconds, Double::sum);
        }
        List<ThreadGroupCpu> threads = new ArrayList<>();
        byGroup.entrySet().stream()
                .filter(e -> e.getValue() >= 0.005 * wall)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> threads.add(new ThreadGroupCpu(e.getKey(), e.getValue(), e.getValue() / (wall * cores))));
        List<TaskProfile> tasks = new ArrayList<>();
        synchronized (samples) {
            samples.forEach((task, counts) -> {
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                Map<String, Double> shares = new LinkedHashMap<>();
                counts.entrySet().stream()
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                        .forEach(e -> shares.put(e.getKey(), e.getValue() / (double) total));
                tasks.add(new TaskProfile(task, total, shares));
            });
        }
        long pcpu = processCpu();
        Memory end = Memory.now();
        notePeak(end);
        return new Result(
                wall,
                pcpu < 0 ? Double.NaN : (pcpu - processCpuAtStart) / 1e9,
                threads,
                tasks,
                memoryAtStart,
                memoryAtPeak,
                end);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
