package dev.flowlens.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.eclipse.microprofile.graphql.GraphQLApi;

/**
 * The gateway's packages depend one way (docs/architecture.md): the operations ({@code graphql.operation}) use the
 * types, inputs, errors and the clients; the types, inputs and errors are plain and use none of them; the clients to
 * the services never reach back into the operations.
 */
@AnalyzeClasses(packages = "dev.flowlens.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OPERATION = "dev.flowlens.gateway.graphql.operation..";

    @ArchTest
    static final ArchRule operationsAreTheOnlyGraphQLApis = classes().that().areAnnotatedWith(GraphQLApi.class)
            .should().resideInAPackage(OPERATION);

    @ArchTest
    static final ArchRule typesInputsAndErrorsArePlain = noClasses().that()
            .resideInAnyPackage("dev.flowlens.gateway.graphql.type..", "dev.flowlens.gateway.graphql.input..",
                    "dev.flowlens.gateway.graphql.error..")
            .should().dependOnClassesThat().resideInAnyPackage(OPERATION, "dev.flowlens.gateway.client..",
                    "dev.flowlens.gateway.security..", "dev.flowlens.gateway.config..",
                    "dev.flowlens.gateway.dashboard..");

    @ArchTest
    static final ArchRule typesAndInputsAreApart = noClasses().that()
            .resideInAPackage("dev.flowlens.gateway.graphql.type..")
            .should().dependOnClassesThat().resideInAPackage("dev.flowlens.gateway.graphql.input..")
            .because("a GraphQL output type never carries an input type");

    @ArchTest
    static final ArchRule nothingReachesIntoTheOperations = noClasses().that()
            .resideOutsideOfPackage(OPERATION)
            .should().dependOnClassesThat().resideInAPackage(OPERATION);

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.flowlens.gateway.(**)").should().beFreeOfCycles();
}
