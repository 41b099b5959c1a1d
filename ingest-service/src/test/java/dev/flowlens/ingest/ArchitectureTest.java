package dev.flowlens.ingest;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.PayloadFields;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import dev.flowlens.ingest.connector.ToolTime;

/**
 * The packages of ingest-service depend one way (docs/architecture.md): the API on the connectors, the tool packages
 * on the shared connector packages and never on each other, the shared connector model on none of its subpackages,
 * and the mapping of tool payloads to events is plain Java over JSON trees.
 */
@AnalyzeClasses(packages = "dev.flowlens.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String CONNECTOR = "dev.flowlens.ingest.connector";

    @ArchTest
    static final ArchRule toolsStayApart = slices().matching(CONNECTOR + ".(github|gitlab|jira|pagerduty|opsgenie|jenkins)..")
            .should().notDependOnEachOther()
            .because("each tool package stands alone on the shared connector packages");

    @ArchTest
    static final ArchRule mappingIsPlainJava = noClasses().that().haveSimpleNameEndingWith("Mapper")
            .or().haveSimpleNameEndingWith("Payloads")
            .or().haveSimpleName("GithubRest")
            .or().belongToAnyOf(Mapping.class, ToolMapper.class, ToolConnector.class, Pulled.class, PayloadFields.class,
                    ToolTime.class)
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.smallrye..",
                    "io.netty..", "org.hibernate..", "jakarta..", "org.jboss..", "org.eclipse.microprofile..",
                    "java.net..", "java.sql..",
                    CONNECTOR + ".store..", CONNECTOR + ".pull..", CONNECTOR + ".webhook..",
                    "dev.flowlens.ingest.api..", "dev.flowlens.ingest.outbox..", "dev.flowlens.ingest.raw..",
                    "dev.flowlens.ingest.config..")
            .because("a mapper is a pure function of a tool payload (Jackson trees) and the settings to canonical "
                    + "events; webhooks and pulls feed it the same way");

    @ArchTest
    static final ArchRule connectorModelSitsBelow = noClasses().that().resideInAPackage(CONNECTOR)
            .should().dependOnClassesThat().resideInAnyPackage(CONNECTOR + ".store..", CONNECTOR + ".pull..",
                    CONNECTOR + ".webhook..", CONNECTOR + ".github..", CONNECTOR + ".gitlab..", CONNECTOR + ".jira..")
            .because("the connector model and the per-tool contract are what the other packages build on");

    @ArchTest
    static final ArchRule sharedConnectorPartsKnowNoTool = noClasses().that()
            .resideInAnyPackage(CONNECTOR + ".store..", CONNECTOR + ".pull..", CONNECTOR + ".webhook..")
            .should().dependOnClassesThat().resideInAnyPackage(CONNECTOR + ".github..", CONNECTOR + ".gitlab..",
                    CONNECTOR + ".jira..")
            .because("tools plug in through ToolConnector and ToolPuller (CDI finds them by kind)");

    @ArchTest
    static final ArchRule apiOnTop = noClasses().that().resideOutsideOfPackage("dev.flowlens.ingest.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.flowlens.ingest.api..")
            .because("the HTTP API uses the connectors, the outbox and the raw archive; nothing uses it");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.flowlens.ingest.(**)").should().beFreeOfCycles();
}
