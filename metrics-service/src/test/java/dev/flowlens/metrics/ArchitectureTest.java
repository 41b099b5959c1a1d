package dev.flowlens.metrics;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of metrics-service depend one way (docs/architecture.md). The metric maths ({@code calc..}) is plain
 * Java: no framework, no I/O, nothing of the service around it; inside it, each layer uses only the ones below:
 * the model ({@code calc}), the facts, the timelines, the indexes, the calculators ({@code calc.metric}).
 */
@AnalyzeClasses(packages = "dev.flowlens.metrics", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule calcIsPlainJava = noClasses().that().resideInAPackage("dev.flowlens.metrics.calc..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.smallrye..",
                    "io.netty..", "jakarta..", "org.jboss..", "org.eclipse.microprofile..", "com.fasterxml.jackson..",
                    "org.flywaydb..", "java.sql..", "java.net..", "java.io..")
            .because("the metric maths is pure functions over plain records (the cache and the database feed it)");

    @ArchTest
    static final ArchRule calcUsesOnlyTheJdkTheEventsAndTheInternalApi = classes().that()
            .resideInAPackage("dev.flowlens.metrics.calc..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.flowlens.metrics.calc..",
                    "dev.flowlens.events..", "dev.flowlens.internalapi..")
            .because("the maths reads facts and value streams and builds internal-api's answers, nothing else");

    @ArchTest
    static final ArchRule calcKnowsNothingOfTheService = noClasses().that()
            .resideInAPackage("dev.flowlens.metrics.calc..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.flowlens.metrics.api..",
                    "dev.flowlens.metrics.view..", "dev.flowlens.metrics.consumer..", "dev.flowlens.metrics.facts..",
                    "dev.flowlens.metrics.stream..", "dev.flowlens.metrics.change..", "dev.flowlens.metrics.config..");

    @ArchTest
    static final ArchRule calcLayers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Model").definedBy("dev.flowlens.metrics.calc")
            .layer("Fact").definedBy("dev.flowlens.metrics.calc.fact..")
            .layer("Timeline").definedBy("dev.flowlens.metrics.calc.timeline..")
            .layer("Index").definedBy("dev.flowlens.metrics.calc.index..")
            .layer("Metric").definedBy("dev.flowlens.metrics.calc.metric..")
            .whereLayer("Metric").mayNotBeAccessedByAnyLayer()
            .whereLayer("Index").mayOnlyBeAccessedByLayers("Metric")
            .whereLayer("Timeline").mayOnlyBeAccessedByLayers("Index", "Metric")
            .whereLayer("Fact").mayOnlyBeAccessedByLayers("Timeline", "Index", "Metric")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Fact", "Timeline", "Index", "Metric");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.flowlens.metrics.(**)").should().beFreeOfCycles();
}
