package dev.flowlens.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.stream.Collectors;
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

    /**
     * metrics-service's internal API is written once, in internal-api, and served as it is: the gateway declares no
     * class of the same name as one of its public records (a copy would drift from what metrics-service answers).
     */
    @ArchTest
    static void theInternalApiIsNotCopied(JavaClasses gateway) {
        Set<String> shared = new ClassFileImporter().importPackages("dev.flowlens.internalapi").stream()
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isNestedClass())
                .map(JavaClass::getSimpleName).collect(Collectors.toSet());
        if (shared.isEmpty()) {
            throw new AssertionError("internal-api's records are not on the gateway's class path");
        }
        noClasses().that(DescribedPredicate.describe("are named like a record of internal-api " + shared,
                        (JavaClass c) -> shared.contains(c.getSimpleName())))
                .should().resideInAPackage("dev.flowlens.gateway..").allowEmptyShould(true).check(gateway);
    }

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.flowlens.gateway.(**)").should().beFreeOfCycles();
}
