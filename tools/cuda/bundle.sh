#!/usr/bin/env bash
# Packs what `tools/cuda/run.sh` needs on a GPU machine that has a CUDA PyTorch (pip) but no JVM,
# no Maven and no network: a jlink'd Java runtime, the `sosae bench perf` classpath, and DJL's JNI
# sources at the project's DJL version (built there against that machine's libtorch).
#   tools/cuda/bundle.sh <djl checkout> [bundle (default .gpu/bundle.tar.xz)]
# <djl checkout>: a clone of https://github.com/deepjavalibrary/djl with its tags.
# Run ./sosae --help once first (it builds tools/target and its classpath file).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
djl="$(cd "$1" && pwd)"
bundle="$(realpath -m "${2:-$root/.gpu/bundle.tar.xz}")"
djl_version="$(sed -n 's:.*<djl.version>\(.*\)</djl.version>.*:\1:p' "$root/pom.xml")"
cp_file="$root/tools/target/classpath.txt"
[ -f "$cp_file" ] || { echo "no $cp_file: run ./sosae --help first" >&2; exit 2; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/cp"

# The jars bench perf runs on. libtorch comes from the GPU machine, so no pytorch-native jar.
keep='sosae-model-lib|/api-|gson|jna-|pytorch-engine|slf4j-api|commons-compress|commons-io|picocli|log4j|jackson-(core|databind|annotations)|commons-lang3|commons-math3|error_prone'
# picocli reflects over every subcommand, so the CLI also loads a few classes of these: keep only those
reflected='flink-runtime|kafka-clients|/avro-|sosae-connectors|sosae-schemas'
tr ':' '\n' < "$cp_file" | grep -E "$keep|$reflected" | xargs -I{} cp {} "$stage/cp/"
cp "$root/tools/target/sosae-tools-0.1.0-SNAPSHOT.jar" "$stage/cp/"
java -Xlog:class+load:file="$stage/classes.txt" -cp "$stage/cp/*" io.sosae.tools.cli.SosaeCli bench perf --help > /dev/null
for jar in "$stage"/cp/*.jar; do
  name="$(basename "$jar")"
  echo "/$name" | grep -qE "$reflected" || continue
  rm -rf "$stage/slim" && mkdir "$stage/slim"
  classes="$(grep "source: file:$jar" "$stage/classes.txt" | awk '{print $2}' | tr . / | sed 's/$/.class/')"
  (cd "$stage/slim" && unzip -q "$jar" $classes && rm "$jar" && zip -q -r "$stage/cp/${name%.jar}-slim.jar" .)
done
rm -rf "$stage/slim"

# A Java runtime with the modules the CLI and DJL use, and the JNI headers cmake's FindJNI needs.
"${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.scripting,java.sql,java.xml,jdk.management,jdk.unsupported \
  --compress=2 --strip-debug --no-man-pages --output "$stage/jre"
strip --strip-unneeded "$stage/jre/lib/server/libjvm.so" || true

# DJL's JNI at the engine's version, with the header javac generates from PyTorchLibrary.java.
mkdir -p "$stage/jni"
git -C "$djl" archive "v$djl_version" engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
  api/src/main/native engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java | tar -x -C "$stage/jni"
native="$stage/jni/engines/pytorch/pytorch-native"
mkdir -p "$native/build/include" "$stage/javac"
javac -h "$native/build/include" -d "$stage/javac" -cp "$(ls "$stage"/cp/api-*.jar):$(ls "$stage"/cp/pytorch-engine-*.jar)" \
  "$stage/jni/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"

mkdir -p "$(dirname "$bundle")"
tar -C "$stage" -cJf "$bundle" jre cp jni
echo "bundle: $bundle ($(du -h --apparent-size "$bundle" | cut -f1)), DJL $djl_version"
