package io.gpufit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.gpu.GpuCatalogTestSupport;
import io.gpufit.gpu.GpuProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests under deploy/kubernetes keep the promises the README makes: two replicas
 * that probe the actuator groups, sized resources, a locked-down pod, a Service, an autoscaler and a
 * disruption budget that all find the pods, the operator's GPU catalog wired to the property the
 * service reads, and the optional ServiceMonitor scraping /actuator/prometheus. No cluster is
 * needed: the files are read as YAML (each holds one object).
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("deploy/kubernetes");
    private static final Path BASE = ROOT.resolve("base");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static JsonNode read(Path file) {
        return YAML.readTree(file.toFile());
    }

    private static JsonNode kustomization() {
        return read(BASE.resolve("kustomization.yaml"));
    }

    /** The base's resources, by kind. */
    private static Map<String, JsonNode> resources() {
        Map<String, JsonNode> byKind = new java.util.TreeMap<>();
        for (JsonNode name : kustomization().get("resources")) {
            JsonNode object = read(BASE.resolve(name.asString()));
            assertThat(byKind.put(object.get("kind").asString(), object))
                    .as("one %s", object.get("kind"))
                    .isNull();
        }
        return byKind;
    }

    private static JsonNode deployment() {
        return resources().get("Deployment");
    }

    private static JsonNode container() {
        JsonNode containers = deployment().at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static Map<String, String> podLabels() {
        return strings(deployment().at("/spec/template/metadata/labels"));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new java.util.TreeMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }

    @Test
    void theKustomizationListsEveryManifestOfTheBase() throws IOException {
        Set<String> listed = new TreeSet<>();
        kustomization().get("resources").forEach(r -> listed.add(r.asString()));
        Set<String> generated = new TreeSet<>();
        kustomization()
                .get("configMapGenerator")
                .forEach(g -> g.get("files").forEach(f -> generated.add(f.asString())));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(BASE)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        Set<String> accounted = new TreeSet<>(listed);
        accounted.addAll(generated);

        assertThat(accounted).isEqualTo(files);
        assertThat(resources())
                .containsOnlyKeys("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
    }

    @Test
    void twoReplicasWhoseSelectorMatchesTheirPods() {
        assertThat(deployment().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(podLabels()).containsAllEntriesOf(strings(deployment().at("/spec/selector/matchLabels")));
        // a rollout never takes a ready pod away before its successor is ready
        assertThat(deployment()
                        .at("/spec/strategy/rollingUpdate/maxUnavailable")
                        .asInt())
                .isZero();
    }

    @Test
    void thePodRunsLockedDown() throws IOException {
        JsonNode pod = deployment().at("/spec/template/spec");
        JsonNode podSecurity = pod.get("securityContext");
        assertThat(podSecurity.get("runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSecurity.at("/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
        // the image's own numeric user
        assertThat(Files.readString(Path.of("Dockerfile")))
                .contains("USER " + podSecurity.get("runAsUser").asInt() + ":"
                        + podSecurity.get("runAsGroup").asInt());
        assertThat(podSecurity.get("runAsUser").asInt()).isPositive();
        assertThat(pod.get("automountServiceAccountToken").asBoolean()).isFalse();

        JsonNode security = container().get("securityContext");
        assertThat(security.get("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.get("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("privileged").asBoolean(false)).isFalse();
        assertThat(security.at("/capabilities/drop"))
                .extracting(JsonNode::asString)
                .containsExactly("ALL");
        assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    }

    @Test
    void onlyTmpIsWritableAndItIsAnEmptyDir() {
        List<String> writable = new ArrayList<>();
        for (JsonNode mount : container().get("volumeMounts")) {
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.add(mount.get("mountPath").asString());
                JsonNode volume = volume(mount.get("name").asString());
                assertThat(volume.has("emptyDir"))
                        .as("%s is an emptyDir", mount)
                        .isTrue();
                assertThat(volume.at("/emptyDir/sizeLimit").isMissingNode()).isFalse();
            }
        }
        assertThat(writable).containsExactly("/tmp");
    }

    private static JsonNode volume(String name) {
        for (JsonNode volume : deployment().at("/spec/template/spec/volumes")) {
            if (volume.get("name").asString().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @Test
    void probesUseTheActuatorGroupsOnTheContainersPort() {
        String port = container().at("/ports/0/name").asString();
        assertThat(container().at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        for (String probe : List.of("startupProbe", "livenessProbe")) {
            assertThat(container().at("/" + probe + "/httpGet/path").asString())
                    .as(probe)
                    .isEqualTo("/actuator/health/liveness");
            assertThat(container().at("/" + probe + "/httpGet/port").asString()).isEqualTo(port);
        }
        assertThat(container().at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container().at("/readinessProbe/httpGet/port").asString()).isEqualTo(port);
        // the startup probe gives a slow start (a busy node) minutes before liveness may restart it
        JsonNode startup = container().get("startupProbe");
        assertThat(startup.get("periodSeconds").asInt()
                        * startup.get("failureThreshold").asInt())
                .isGreaterThanOrEqualTo(120);
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        JsonNode resources = container().get("resources");
        for (String bound : List.of("requests", "limits")) {
            assertThat(resources.at("/" + bound + "/cpu").isMissingNode())
                    .as(bound + " cpu")
                    .isFalse();
            assertThat(resources.at("/" + bound + "/memory").isMissingNode())
                    .as(bound + " memory")
                    .isFalse();
        }
        // memory is not overcommitted: the heap is sized from the limit (MaxRAMPercentage), so a pod
        // scheduled on its request alone could be OOM-killed by the node
        assertThat(resources.at("/limits/memory").asString())
                .isEqualTo(resources.at("/requests/memory").asString());
    }

    @Test
    void theServiceReachesThePodsHttpPort() {
        JsonNode service = resources().get("Service");
        assertThat(podLabels()).containsAllEntriesOf(strings(service.at("/spec/selector")));
        assertThat(service.at("/spec/ports/0/targetPort").asString())
                .isEqualTo(container().at("/ports/0/name").asString());
    }

    @Test
    void theAutoscalerScalesTheDeploymentOnCpuFromTwo() {
        JsonNode hpa = resources().get("HorizontalPodAutoscaler");
        assertThat(hpa.get("apiVersion").asString()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asString()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asString())
                .isEqualTo(deployment().at("/metadata/name").asString());
        assertThat(hpa.at("/spec/minReplicas").asInt())
                .isEqualTo(deployment().at("/spec/replicas").asInt());
        assertThat(hpa.at("/spec/maxReplicas").asInt())
                .isGreaterThan(hpa.at("/spec/minReplicas").asInt());
        assertThat(hpa.at("/spec/metrics/0/resource/name").asString()).isEqualTo("cpu");
        assertThat(hpa.at("/spec/metrics/0/resource/target/type").asString()).isEqualTo("Utilization");
    }

    @Test
    void theDisruptionBudgetKeepsOnePodOfTwo() {
        JsonNode pdb = resources().get("PodDisruptionBudget");
        assertThat(pdb.get("apiVersion").asString()).isEqualTo("policy/v1");
        assertThat(podLabels()).containsAllEntriesOf(strings(pdb.at("/spec/selector/matchLabels")));
        assertThat(pdb.at("/spec/minAvailable").asInt())
                .isPositive()
                .isLessThan(deployment().at("/spec/replicas").asInt());
    }

    @Test
    void theOperatorsGpuCatalogIsMountedAndNamedInThePropertyTheServiceReads() {
        JsonNode generator = kustomization().at("/configMapGenerator/0");
        String file = generator.at("/files/0").asString();
        JsonNode mount = null;
        for (JsonNode m : container().get("volumeMounts")) {
            if (volume(m.get("name").asString())
                    .at("/configMap/name")
                    .asString()
                    .equals(generator.get("name").asString())) {
                mount = m;
            }
        }
        assertThat(mount)
                .as("a mount of the ConfigMap %s", generator.get("name"))
                .isNotNull();
        assertThat(mount.get("readOnly").asBoolean()).isTrue();

        String location = null;
        for (JsonNode env : container().get("env")) {
            if (env.get("name").asString().equals("GPUFIT_GPU_CATALOG_ADDITIONAL_LOCATIONS")) {
                location = env.get("value").asString();
            }
        }
        assertThat(location).isEqualTo("file:" + mount.get("mountPath").asString() + "/" + file);

        // and the file is a catalog the service accepts, with a GPU the embedded one lacks
        List<GpuProfile> gpus = GpuCatalogTestSupport.read(new DefaultResourceLoader(), "file:" + BASE.resolve(file));
        assertThat(gpus).extracting(GpuProfile::id).containsExactly("a100-pcie-80gb");
        assertThat(GpuCatalogTestSupport.EMBEDDED_IDS).doesNotContain("a100-pcie-80gb");
    }

    @Test
    void theServiceMonitorIsAnOptionalComponentThatScrapesPrometheus() {
        Path component = ROOT.resolve("components/service-monitor");
        JsonNode kustomization = read(component.resolve("kustomization.yaml"));
        assertThat(kustomization.get("kind").asString()).isEqualTo("Component");
        JsonNode monitor =
                read(component.resolve(kustomization.at("/resources/0").asString()));
        assertThat(monitor.get("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.get("kind").asString()).isEqualTo("ServiceMonitor");

        JsonNode service = resources().get("Service");
        assertThat(strings(service.at("/metadata/labels")))
                .containsAllEntriesOf(strings(monitor.at("/spec/selector/matchLabels")));
        assertThat(monitor.at("/spec/endpoints/0/port").asString())
                .isEqualTo(service.at("/spec/ports/0/name").asString());
        assertThat(monitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/actuator/prometheus");

        // the base does not need the CRD; the example overlay adds the component
        assertThat(kustomization().toString()).doesNotContain("service-monitor");
        assertThat(read(ROOT.resolve("overlays/monitored/kustomization.yaml"))
                        .at("/components/0")
                        .asString())
                .isEqualTo("../../components/service-monitor");
    }
}
