package io.gpufit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The estimation core stays plain Java; the application orchestrates it without HTTP; the web layer
 * is an adapter nobody else depends on.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Spring AOT's generated bean definitions (Foo__BeanDefinitions): package's process-aot compiles them
            // into target/classes, where the next build's tests would otherwise judge them as if written by hand.
            .withImportOption(location -> !location.contains("__"))
            .importPackages("io.gpufit");

    @Test
    void estimationCoreIsPlainJava() {
        classes()
                .that()
                .resideInAnyPackage(
                        "io.gpufit.estimate..", "io.gpufit.plan..", "io.gpufit.serving..", "io.gpufit.deploy..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "io.gpufit.estimate..",
                        "io.gpufit.plan..",
                        "io.gpufit.serving..",
                        "io.gpufit.deploy..",
                        "io.gpufit.gpu..",
                        "io.gpufit.model..")
                .because("formulas and the fit policy must be testable and reusable without Spring or HTTP")
                .check(CLASSES);
    }

    @Test
    void coreUsesOnlyTheGpuProfileNotItsLoading() {
        noClasses()
                .that()
                .resideInAnyPackage("io.gpufit.estimate..", "io.gpufit.plan..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameContaining("Configuration")
                .check(CLASSES);
    }

    @Test
    void modelReadingIsPlainJavaWithJacksonsTreeModel() {
        classes()
                .that()
                .resideInAPackage("io.gpufit.model..")
                .and()
                .haveSimpleNameNotEndingWith("Configuration")
                .and()
                .haveSimpleNameNotContaining("Properties")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.gpufit.model..", "tools.jackson..")
                .because("architectures and parameter counts are plain functions of a config.json")
                .check(CLASSES);
    }

    @Test
    void modelsKnowNothingOfFormulasGpusOrPlans() {
        noClasses()
                .that()
                .resideInAPackage("io.gpufit.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.gpufit.estimate..", "io.gpufit.gpu..", "io.gpufit.plan..")
                .check(CLASSES);
    }

    @Test
    void thePlannerKnowsEnginesOnlyThroughTheirContract() {
        noClasses()
                .that()
                .resideInAPackage("io.gpufit.plan..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gpufit.serving..")
                .because("engines implement plan.ServingEngine; a new engine must not need a change to the planner")
                .check(CLASSES);
    }

    @Test
    void deploymentRecipesSitAboveTheCore() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.gpufit.estimate..", "io.gpufit.plan..", "io.gpufit.serving..", "io.gpufit.gpu..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gpufit.deploy..")
                .because("a recipe is read off a planned placement; planning never needs one")
                .check(CLASSES);
    }

    @Test
    void estimateDoesNotKnowAboutGpus() {
        noClasses()
                .that()
                .resideInAPackage("io.gpufit.estimate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.gpufit.gpu..", "io.gpufit.plan..")
                .because("memory needs are a property of the model and workload alone")
                .check(CLASSES);
    }

    @Test
    void gpuProfilesAndCatalogArePlainJava() {
        classes()
                .that()
                .haveSimpleName("GpuProfile")
                .or()
                .haveSimpleName("GpuCatalog")
                .should()
                .onlyDependOnClassesThat()
                // JSpecify's @Nullable only marks which fields may be null (the OpenAPI document reads it)
                .resideInAnyPackage("java..", "io.gpufit.gpu..", "org.jspecify.annotations..")
                .check(CLASSES);
    }

    @Test
    void onlyTheMetricsAdapterKnowsMicrometer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.gpufit.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.micrometer..")
                .because("the application and the Hub report through their listener interfaces; "
                        + "io.gpufit.metrics turns that into meters")
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheMetricsAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.gpufit.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gpufit.metrics..")
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheWebAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.gpufit.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gpufit.web..")
                .check(CLASSES);
    }

    @Test
    void applicationDoesNotDependOnTheWebAdapter() {
        noClasses()
                .that()
                .resideInAPackage("io.gpufit.application..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.gpufit.web..")
                .because("orchestration is tested and reused without HTTP")
                .check(CLASSES);
    }

    @Test
    void applicationKnowsNothingOfHttpValidationOrJsonBinding() {
        classes()
                .that()
                .resideInAPackage("io.gpufit.application..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "io.gpufit.application..",
                        "io.gpufit.estimate..",
                        "io.gpufit.plan..",
                        "io.gpufit.serving..",
                        "io.gpufit.deploy..",
                        "io.gpufit.model..",
                        "io.gpufit.gpu..",
                        "io.gpufit.hub..",
                        "org.springframework.stereotype",
                        // the bounded, expiring cache of models read from the Hub
                        "com.github.benmanes.caffeine.cache",
                        // a pasted config.json is a tree; no Jackson binding or annotations
                        "tools.jackson.databind")
                .check(CLASSES);
    }

    @Test
    void webReachesFormulasCatalogsAndTheHubOnlyThroughTheApplication() {
        noClasses()
                .that()
                .resideInAPackage("io.gpufit.web..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(
                                "io.gpufit.estimate..",
                                "io.gpufit.plan..",
                                "io.gpufit.serving..",
                                "io.gpufit.deploy..",
                                "io.gpufit.model..",
                                "io.gpufit.gpu..",
                                "io.gpufit.hub..")
                        .and(simpleNameEndingWith("Estimator")
                                .or(simpleNameEndingWith("Recipes"))
                                .or(simpleNameEndingWith("Formulas"))
                                .or(simpleNameEndingWith("Sizes"))
                                .or(simpleNameEndingWith("Planner"))
                                .or(simpleNameEndingWith("Engine"))
                                .or(simpleNameEndingWith("Reader"))
                                .or(simpleNameEndingWith("Fetcher"))
                                .or(simpleNameEndingWith("Catalog"))))
                .because("the web adapter translates HTTP; what to compute and look up is the application's")
                .check(CLASSES);
    }
}
