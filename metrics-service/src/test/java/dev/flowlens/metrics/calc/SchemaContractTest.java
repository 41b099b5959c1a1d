package dev.flowlens.metrics.calc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.DoraMetric;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastPoint;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageCount;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.TypeCount;
import dev.flowlens.internalapi.metrics.TypeShare;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.testsupport.RealData;
import graphql.language.AstPrinter;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The service serialises the result records with Jackson straight into JSON whose names must equal the public schema
 * (gateway/schema.graphql): each record's components must be exactly the GraphQL type's fields, and a nullable
 * Int/Float/Boolean must be a boxed Java type while a non-null one is primitive (so null can only appear where the
 * schema allows it).
 */
class SchemaContractTest {
    private static final Map<Class<? extends Record>, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(DurationStats.class, "DurationStats");
        TYPES.put(TypeCount.class, "TypeCount");
        TYPES.put(TypeShare.class, "TypeShare");
        TYPES.put(SeriesPoint.class, "SeriesPoint");
        TYPES.put(FlowMetrics.class, "FlowMetrics");
        TYPES.put(StageMetrics.class, "StageMetrics");
        TYPES.put(StageCount.class, "StageCount");
        TYPES.put(CfdDay.class, "CfdDay");
        TYPES.put(AgingItem.class, "AgingItem");
        TYPES.put(DoraMetric.class, "DoraMetric");
        TYPES.put(DoraMetrics.class, "DoraMetrics");
        TYPES.put(ForecastPoint.class, "ForecastPoint");
        TYPES.put(Forecast.class, "Forecast");
        TYPES.put(WorkItem.class, "WorkItem");
        TYPES.put(DeliveryMetrics.class, "DeliveryMetrics");
        TYPES.put(ProductionFlow.class, "ProductionFlow");
        TYPES.put(Stage.class, "Stage");
        TYPES.put(Scope.class, "Scope");
    }

    @Test
    @DisplayName("Result records have exactly the schema.graphql fields, with matching nullability")
    void recordsMatchSchema() throws IOException {
        TypeDefinitionRegistry schema = new SchemaParser()
                .parse(Files.readString(RealData.repositoryFile("gateway/schema.graphql")));
        for (Map.Entry<Class<? extends Record>, String> e : TYPES.entrySet()) {
            Map<String, String> fields = fields(schema, e.getValue());
            RecordComponent[] components = e.getKey().getRecordComponents();
            assertThat(java.util.Arrays.stream(components).map(RecordComponent::getName).toList())
                    .as(e.getValue()).containsExactlyInAnyOrderElementsOf(fields.keySet());
            for (RecordComponent c : components) {
                String gqlType = fields.get(c.getName());
                boolean nonNull = gqlType.endsWith("!");
                String base = gqlType.replace("!", "");
                if (base.equals("Int") || base.equals("Float") || base.equals("Boolean")) {
                    assertThat(c.getType().isPrimitive()).as(e.getValue() + "." + c.getName() + " " + gqlType)
                            .isEqualTo(nonNull);
                }
            }
        }
    }

    private static Map<String, String> fields(TypeDefinitionRegistry schema, String type) {
        ObjectTypeDefinition definition = schema.getType(type, ObjectTypeDefinition.class).orElse(null);
        assertThat(definition).as("type " + type + " in schema.graphql").isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldDefinition field : definition.getFieldDefinitions()) {
            fields.put(field.getName(), AstPrinter.printAst(field.getType()));
        }
        return fields;
    }
}
