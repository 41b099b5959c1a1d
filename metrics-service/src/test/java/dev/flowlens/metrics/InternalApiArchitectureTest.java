package dev.flowlens.metrics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The internal-api module, written once for metrics-service and the gateway, holds plain records: they know the
 * JDK, flow-events' ItemType and annotations (GraphQL for the gateway's schema, Jackson for the JSON), nothing of
 * either service, so the rules over them stay metrics-service's and the GraphQL-only fields the gateway's.
 */
@AnalyzeClasses(packages = "dev.flowlens.internalapi")
class InternalApiArchitectureTest {

    @ArchTest
    static final ArchRule internalApiIsPlainRecords = classes().that().resideInAPackage("dev.flowlens.internalapi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.flowlens.internalapi..",
                    "dev.flowlens.events..", "org.eclipse.microprofile.graphql..", "io.smallrye.graphql.api..",
                    "com.fasterxml.jackson.annotation..");
}
