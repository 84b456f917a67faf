package io.sosae.tools.bench;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.KeyedStateBackend;
import io.sosae.tools.cluster.FlinkCluster;
import io.sosae.tools.cluster.FlinkRest;
import io.sosae.tools.cluster.JobArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Memory of one TaskManager process as the number of keys grows, per keyed state backend, with a
 * bounded live set: the compression job on a real standalone cluster ({@link FlinkCluster}: one
 * JobManager, one TaskManager with one slot, a fresh pair for every run), reading a backlog of
 * {@code streams x framesPerStream} sensor frames from the in-JVM broker. Sampled from outside the
 * TaskManager: its resident set (/proc), its heap and managed memory (Flink's metrics over REST),
 * and the newest checkpoint's sizes. So what the numbers hold is the slot's cost alone, not the
 * bench's broker, registry and frames.
 */
public final class KeysBench {
    private KeysBench() {}

    private static final String TASK_MANAGER = "taskmanager-1"; // the first TaskManager a FlinkCluster starts
    private static final List<String> TM_METRICS =
            List.of("Status.JVM.Memory.Heap.Used", "Status.Flink.Memory.Managed.Used");

    /**
     * @param streams the key counts to run (one run per count and backend)
     * @param framesPerStream backlog per key (>= the job's warm-start rows, so every model trains)
     * @param backends the keyed state backends to compare
     * @param maxLiveModels the job's bound on models in memory; the rest wait in keyed state
     * @param taskManagerMemory the TaskManager's process size (Flink's taskmanager.memory.process.size)
     * @param jemalloc run the TaskManager on jemalloc (LD_PRELOAD, as Flink's Docker images do)
     *     instead of glibc's malloc, whose arenas fragment under RocksDB and libtorch
     * @param flinkConfiguration further options of the cluster's configuration (for example
     *     taskmanager.memory.managed.fraction, RocksDB's memory budget)
     * @param timeoutSeconds longest wait for one run's codes. The frames are the pipeline bench's
     *     simulated sensors (64 channels, intrinsic dimension 6), the job's model its defaults at
     *     capacity 64
     */
    public record Options(
            List<Integer> streams,
            int framesPerStream,
            List<KeyedStateBackend> backends,
            int maxLiveModels,
            long checkpointMs,
            String taskManagerMemory,
            boolean jemalloc,
            Map<String, String> flinkConfiguration,
            long timeoutSeconds) {
        public Options {
            streams = List.copyOf(streams);
            flinkConfiguration = Map.copyOf(flinkConfiguration);
            backends = List.copyOf(backends);
            if (streams.isEmpty() || streams.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("--streams needs one or more counts >= 1, was " + streams);
            }
            if (backends.isEmpty()) {
                throw new IllegalArgumentException("--state-backends needs at least one backend");
            }
            if (framesPerStream < 1 || maxLiveModels < 1 || checkpointMs < 1 || timeoutSeconds < 1) {
                throw new IllegalArgumentException(
                        "--frames-per-stream, --max-live-models, --checkpoint-ms and the timeout must be >= 1");
            }
        }
    }

    /** One sample of the TaskManager while it works through the backlog. */
    public record Sample(
            double seconds, long codes, long residentBytes, double heapUsedBytes, double managedUsedBytes) {}

    /**
     * One run. {@code peakResidentBytes} is the process's high-water mark (VmHWM) at the end of
     * the run; {@code liveHeapBytesAtEnd} the heap in use right after a full collection once every
     * code is committed (the state of every key is on the heap with the hashmap backend; -1
     * without jcmd); {@code outcome} is "completed", or why the run stopped early.
     */
    public record Run(
            String backend,
            String allocator,
            int streams,
            long frames,
            String outcome,
            double seconds,
            double recordsPerSecond,
            long peakResidentBytes,
            long endResidentBytes,
            double peakHeapUsedBytes,
            long liveHeapBytesAtEnd,
            double peakManagedUsedBytes,
            long checkpointFullBytes,
            long checkpointUploadedBytes,
            List<Sample> samples) {
        public boolean completed() {
            return outcome.equals("completed");
        }
    }

    public record Report(Options options, int cores, List<Run> runs, double totalSeconds) {}

    public static Report run(Options o, Path flinkJobsTarget, Consumer<String> log) throws Exception {
        long start = System.nanoTime();
        FlinkCluster.Layout layout = FlinkCluster.Layout.of(flinkJobsTarget);
        Path jar = layout.jobJar();
        Path work = Files.createTempDirectory("sosae-keys-bench");
        List<Run> runs = new ArrayList<>();
        log.accept("starting Kafka (KRaft, in-JVM) and the schema registry (Apicurio) ...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ApicurioRegistryServer registryServer = ApicurioRegistryServer.start()) {
            RegistryConfig registry = RegistryConfig.of(registryServer.ccompatUrl());
            for (KeyedStateBackend backend : o.backends()) {
                for (int streams : o.streams()) {
                    Run r = one(o, backend, streams, broker, registry, layout, jar, work, log);
                    log.accept(String.format(
                            "%s, %d streams: %s; %.0f records/s; TaskManager resident peak %.0f MiB, end %.0f MiB;"
                                    + " heap used peak %.0f MiB, after a full GC at the end %.0f MiB; managed %.0f MiB;"
                                    + " checkpoint %.1f MiB (%.1f MiB uploaded)",
                            backend.flinkName(),
                            streams,
                            r.outcome(),
                            r.recordsPerSecond(),
                            mib(r.peakResidentBytes()),
                            mib(r.endResidentBytes()),
                            mib(r.peakHeapUsedBytes()),
                            mib(r.liveHeapBytesAtEnd()),
                            mib(r.peakManagedUsedBytes()),
                            mib(r.checkpointFullBytes()),
                            mib(r.checkpointUploadedBytes())));
                    runs.add(r);
                }
            }
        }
        return new Report(o, Runtime.getRuntime().availableProcessors(), runs, (System.nanoTime() - start) / 1e9);
    }

    static double mib(double bytes) {
        return bytes / 1048576.0;
    }

    private static Run one(
            Options o,
            KeyedStateBackend backend,
            int streams,
            EmbeddedKafkaBroker broker,
            RegistryConfig registry,
            FlinkCluster.Layout layout,
            Path jar,
            Path work,
            Consumer<String> log)
            throws Exception {
        String name = "keys-" + backend.flinkName() + "-" + streams;
        long frames = (long) streams * o.framesPerStream();
        KafkaSettings settings = PipelineBench.topics(broker, name, Math.min(streams, 8));
        log.accept(String.format(
                "%s: producing %d frames (%d streams x %d) ...", name, frames, streams, o.framesPerStream()));
        PipelineBench.Options sim = PipelineBench.Options.defaults().withStreams(streams);
        PipelineBench.produce(settings, registry, PipelineBench.endless(sim, name), 0, frames, null);

        FlinkCluster cluster = FlinkCluster.start(
                work.resolve(name),
                layout,
                new FlinkCluster.Settings(1, 1, o.taskManagerMemory(), "768m", clusterConfiguration(o)),
                Duration.ofMinutes(2));
        Thread stopOnExit = new Thread(() -> stopQuietly(cluster), "stop " + name); // Ctrl-C leaves no processes
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (CommittedCodeWatcher codes = CommittedCodeWatcher.start(settings, registry, null)) {
            FlinkRest rest = new FlinkRest(cluster.restUrl());
            long pid = cluster.taskManagerPids().get(0);
            String process = String.valueOf(pid);
            List<String> args = JobArguments.of(settings, broker.bootstrapServers(), registry.url())
                    .set("checkpoint-interval", o.checkpointMs() + "ms")
                    .set("state-backend", backend.flinkName())
                    .set("max-live-models", String.valueOf(o.maxLiveModels()))
                    .set("input-dim", String.valueOf(sim.channels()))
                    .set("capacity", String.valueOf(sim.capacity()))
                    .set("batch-size", String.valueOf(sim.batchSize()))
                    .set("max-wait", sim.maxWaitMs() + "ms")
                    .set("device", "cpu")
                    .toList();
            long t0 = System.nanoTime();
            String job = rest.run(rest.upload(jar), CompressionJob.class.getName(), args, 1, null);
            List<Sample> samples = new ArrayList<>();
            String outcome = "completed";
            long lastLog = t0;
            while (true) {
                Thread.sleep(500);
                double at = (System.nanoTime() - t0) / 1e9;
                long count = codes.count();
                Map<String, Double> m = rest.taskManagerMetrics(TASK_MANAGER, TM_METRICS);
                samples.add(new Sample(
                        at,
                        count,
                        PipelineBench.procStatus(process, "VmRSS:"),
                        m.getOrDefault(TM_METRICS.get(0), Double.NaN),
                        m.getOrDefault(TM_METRICS.get(1), Double.NaN)));
                if (count >= frames) {
                    break;
                }
                if (System.nanoTime() - lastLog > 15_000_000_000L) {
                    lastLog = System.nanoTime();
                    log.accept(String.format(
                            "    %.0f s: %d of %d codes committed, TaskManager resident %.0f MiB",
                            at,
                            count,
                            frames,
                            mib(samples.get(samples.size() - 1).residentBytes())));
                }
                long restarts = rest.restarts(job);
                if (restarts > 0) {
                    outcome = "restarted " + restarts + "x (see "
                            + cluster.directory().resolve("log") + ")";
                    break;
                }
                String state = rest.state(job);
                if (!state.equals("RUNNING") && !state.equals("CREATED") && !state.equals("INITIALIZING")) {
                    outcome = "job " + state;
                    break;
                }
                if (at > o.timeoutSeconds()) {
                    outcome = "timed out after " + o.timeoutSeconds() + " s";
                    break;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = PipelineBench.procStatus(process, "VmHWM:");
            long end = PipelineBench.procStatus(process, "VmRSS:");
            long liveHeap = liveHeapBytes(pid);
            Optional<FlinkRest.CheckpointSize> checkpoint = rest.latestCheckpoint(job);
            rest.cancel(job);
            long committed = codes.count();
            return new Run(
                    backend.flinkName(),
                    allocator(pid),
                    streams,
                    frames,
                    outcome,
                    seconds,
                    committed / seconds, // from submission: start-up and model creation included
                    peak,
                    end,
                    peakOf(samples, Sample::heapUsedBytes),
                    liveHeap,
                    peakOf(samples, Sample::managedUsedBytes),
                    checkpoint.map(FlinkRest.CheckpointSize::full).orElse(-1L),
                    checkpoint.map(FlinkRest.CheckpointSize::uploaded).orElse(-1L),
                    samples);
        } finally {
            cluster.stop();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private static double peakOf(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> metric) {
        return samples.stream()
                .mapToDouble(metric)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(Double.NaN);
    }

    private static Map<String, String> clusterConfiguration(Options o) {
        Map<String, String> conf = new java.util.LinkedHashMap<>(o.flinkConfiguration());
        if (o.jemalloc()) {
            conf.put("containerized.taskmanager.env.LD_PRELOAD", jemalloc());
        }
        return conf;
    }

    private static final List<Path> JEMALLOC = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"),
            Path.of("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"),
            Path.of("/usr/lib/libjemalloc.so.2"));

    /** The jemalloc library to preload, or an error that says what to install. */
    static String jemalloc() {
        return JEMALLOC.stream()
                .filter(Files::isReadable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalArgumentException("--jemalloc: no libjemalloc.so.2 in " + JEMALLOC
                        + "; install it (apt-get install libjemalloc2)"));
    }

    /** Which allocator the process has mapped: jemalloc when its library is loaded, else glibc. */
    static String allocator(long pid) {
        try (Stream<String> maps = Files.lines(Path.of("/proc", String.valueOf(pid), "maps"))) {
            return maps.anyMatch(l -> l.contains("libjemalloc")) ? "jemalloc" : "glibc";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unknown";
        }
    }

    private static void stopQuietly(FlinkCluster cluster) {
        try {
            cluster.stop();
        } catch (IOException e) {
            System.err.println("could not stop the bench's cluster: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** Heap in use in process {@code pid} right after a full collection (jcmd GC.run, GC.heap_info), or -1. */
    static long liveHeapBytes(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            jcmd(jcmd, pid, "GC.run");
            Matcher m = HEAP_USED.matcher(jcmd(jcmd, pid, "GC.heap_info"));
            return m.find() ? 1024 * Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
