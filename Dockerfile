# gpu-fit container image.
#
#   docker build -t gpu-fit:latest .
#   docker run --rm -p 8080:8080 gpu-fit:latest
#
# Only classic Dockerfile instructions are used (no BuildKit-only features such as
# RUN --mount or COPY --chmod), so this builds with BuildKit and with the legacy
# builder that docker-compose v1 uses alike.
#
# Base images: Eclipse Temurin 17 on Ubuntu 24.04 LTS "noble", the same OS in both
# stages. The tags name the Java feature release and the OS release, so a rebuild
# picks up Java 17 and Ubuntu security updates but never a new Java major or a new
# OS. For byte-for-byte reproducible builds, append the digest as well
# (eclipse-temurin:17-jre-noble@sha256:...) and let a bot such as Renovate or
# Dependabot bump it.

############################################################################
# Build stage: compile and package the Spring Boot fat jar, then split it
# into layers.
############################################################################
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build

# 1) Build descriptors only: this layer, and the dependency download below, are
#    rebuilt only when pom.xml or the Maven wrapper change, not on every source edit.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# chmod: the executable bit of mvnw does not survive every checkout (e.g. Windows).
RUN chmod +x mvnw \
    && ./mvnw -B -ntp dependency:go-offline

# 2) Sources, then the package. Tests are skipped here on purpose: they run in CI
#    (.ci/run) on every change, and the image build should not repeat them.
#    (go-offline does not fetch every plugin dependency, so a few small downloads
#    still happen here; the bulk of the dependencies comes from the layer above.)
COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package

# 3) Split the fat jar with Spring Boot's "tools" jar mode (Boot 3.3+, the
#    documented way in Boot 4): the result is application.jar, whose manifest
#    Class-Path points at lib/*.jar, plus one directory per layer
#    (dependencies, spring-boot-loader, snapshot-dependencies, application).
#    Without --launcher the spring-boot-loader layer is empty and the app starts
#    with plain `java -jar application.jar`, which is also the CDS/AOT-cache
#    friendly layout.
RUN java -Djarmode=tools -jar target/gpu-fit-*.jar extract \
        --layers --destination /build/extracted --application-filename application.jar

############################################################################
# Runtime stage: JRE only, non-root.
############################################################################
FROM eclipse-temurin:17-jre-noble AS runtime

# curl is installed explicitly for the HEALTHCHECK below: the Temurin images do not
# promise to ship curl (Adoptium dropped it from newer images and only keeps what
# the image build itself needs), and the JRE has no javac to run a Java one-file
# health probe. Installing it is a no-op if the base image already has it.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# Fixed, numeric, non-root UID/GID so that volume permissions and Kubernetes
# runAsNonRoot / runAsUser checks are predictable.
# (No --system: that flag only makes useradd warn that 10001 exceeds SYS_UID_MAX.)
RUN groupadd --gid 10001 gpufit \
    && useradd --uid 10001 --gid 10001 --no-create-home \
        --home-dir /app --shell /usr/sbin/nologin gpufit

WORKDIR /app

# One COPY per layer, least likely to change first: a code-only change rebuilds and
# ships only the last (small) layer. The files stay root-owned and read-only for the
# app user; the app writes only to /tmp (Tomcat work dirs).
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Container-aware JVM defaults, set through JDK_JAVA_OPTIONS (read by the java launcher
# only, and appended to nothing else), so an operator can replace them wholesale
# (docker run -e JDK_JAVA_OPTIONS=..., or the Deployment's env) and JAVA_TOOL_OPTIONS
# stays free for Temurin's entrypoint, which adds its truststore there when
# USE_SYSTEM_CA_CERTS is set (see CMD below):
#  - MaxRAMPercentage=75: the heap sizes itself from the container's memory limit
#    (the JDK's own default is 25%), leaving room for metaspace, threads and buffers;
#  - ExitOnOutOfMemoryError: die on OOM so the orchestrator restarts the container
#    instead of leaving a half-broken JVM serving requests;
#  - spring.aot.enabled=true: Spring AOT. The build (spring-boot-maven-plugin's
#    process-aot) generated the bean definitions, and this flag uses them instead of
#    parsing the configuration classes at start-up (bench/run.sh: about a fifth of
#    start-up). The catch is Spring's: conditions were evaluated at build time, so a
#    property that switches beans on or off is fixed by the image and silently ignored
#    at run time. Measured: MANAGEMENT_SERVER_PORT (the actuator on a port of its own)
#    does nothing under AOT; the actuator stays on the main port. Settings that only
#    change values (ports, limits, catalog files, logging) work as before. An operator
#    who needs such a property sets JDK_JAVA_OPTIONS without this flag: the service
#    then starts the ordinary way (a little slower) and honours it.
# The GPU catalog is configured with env vars at run time, e.g.
#   GPUFIT_GPU_CATALOG_LOCATION=file:/config/gpus.yaml            (replace)
#   GPUFIT_GPU_CATALOG_ADDITIONAL_LOCATIONS=file:/config/my-gpus.yaml (extend)
# with the file mounted read-only under /config.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Dspring.aot.enabled=true"

# Class Data Sharing (Spring Boot's documented recipe): start the application once at
# image build, up to the end of the context refresh, and archive the classes it
# loaded. Starting from the archive skips most class loading and verification
# (bench/run.sh measured 7.7 s -> 4.2 s to ready on 2 cores). The JVM falls back to
# a normal start if the archive cannot be used. Trained with the catalogs built in;
# an operator's own catalog files do not invalidate it. The training run reads the
# JDK_JAVA_OPTIONS above, so it loads the classes of an AOT start, as the container
# does; without AOT the archive still serves the classes both starts share.
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
        -jar application.jar \
    && chmod 0444 application.jsa

USER 10001:10001

EXPOSE 8080

# Liveness only: "the JVM is up and not broken". Readiness is for traffic routing
# (the compose file and Kubernetes probe it). SERVER_PORT, and MANAGEMENT_SERVER_PORT
# when the actuator has a port of its own (without AOT, see above), are honoured.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null --max-time 4 "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}/actuator/health/liveness" || exit 1

# No ENTRYPOINT of our own: Temurin's (/__cacert_entrypoint.sh) stays, so that
# USE_SYSTEM_CA_CERTS=1 (with certificates mounted under /certificates) adds a
# corporate CA to the JVM's truststore, for the Hugging Face Hub behind a TLS-inspecting
# proxy. As a non-root user with a read-only root filesystem it writes that truststore
# under $TMPDIR (/tmp, which must be writable: a tmpfs or emptyDir) and passes it to
# the JVM through JAVA_TOOL_OPTIONS. It ends with `exec "$@"`, so java is still PID 1
# and receives SIGTERM directly: Spring Boot's graceful shutdown runs on `docker stop`.
CMD ["java", "-XX:SharedArchiveFile=application.jsa", "-jar", "application.jar"]

# OCI image annotations (org.opencontainers.image.*). Version, revision and creation
# time change with every build: pass them as build arguments, e.g.
#   docker build --build-arg VERSION=0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" \
#       --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -t gpu-fit .
# They come last so that a new revision does not invalidate the cached layers above.
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="gpu-fit" \
      org.opencontainers.image.description="Exact GPU memory estimates for serving LLMs, and the GPU to serve them on" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17-jre-noble"
