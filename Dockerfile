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

# Class Data Sharing (Spring Boot's documented recipe): start the application once at
# image build, up to the end of the context refresh, and archive the classes it
# loaded. Starting from the archive skips most class loading and verification
# (bench/run.sh measured 7.7 s -> 4.2 s to ready on 2 cores). The JVM falls back to
# a normal start if the archive cannot be used. Trained with the catalogs built in;
# an operator's own catalog files do not invalidate it.
#
# Spring AOT: the build (spring-boot-maven-plugin's process-aot) generated the bean
# definitions, and -Dspring.aot.enabled=true uses them instead of parsing the
# configuration classes at start-up (bench/run.sh: about a fifth of start-up). The
# catch is Spring's: conditions were evaluated at build time, so a property that
# switches beans on or off (e.g. which actuator endpoints exist) is fixed by the image;
# settings that only change values (ports, limits, catalog files) work as before.
# Train and run with the same flag so the archive holds the classes actually used.
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
        -Dspring.aot.enabled=true -jar application.jar \
    && chmod 0444 application.jsa

# Container-aware JVM defaults, set through JAVA_TOOL_OPTIONS so an operator can
# replace them wholesale (docker run -e JAVA_TOOL_OPTIONS=...):
#  - MaxRAMPercentage=75: the heap sizes itself from the container's memory limit
#    (the JDK's own default is 25%), leaving room for metaspace, threads and buffers;
#  - ExitOnOutOfMemoryError: die on OOM so the orchestrator restarts the container
#    instead of leaving a half-broken JVM serving requests.
# The GPU catalog is configured with env vars at run time, e.g.
#   GPUFIT_GPU_CATALOG_LOCATION=file:/config/gpus.yaml            (replace)
#   GPUFIT_GPU_CATALOG_ADDITIONAL_LOCATIONS=file:/config/my-gpus.yaml (extend)
# with the file mounted read-only under /config.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

USER 10001:10001

EXPOSE 8080

# Liveness only: "the JVM is up and not broken". Readiness is for traffic routing
# (the compose file and Kubernetes probe it). SERVER_PORT is honoured if an
# operator moves the port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null --max-time 4 "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1

# Exec form: java is PID 1 and receives SIGTERM directly, so Spring Boot's graceful
# shutdown runs on `docker stop`.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", "-Dspring.aot.enabled=true", "-jar", "application.jar"]
