package fr.spie.hub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Which capability may use which: the building blocks know nothing of the pipeline or the web. */
class ArchitectureTest {

    private final JavaClasses hub = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("fr.spie.hub");

    @Test
    void buildingBlocksDoNotDependOnThePipelineOrTheWeb() {
        noClasses().that().resideInAnyPackage("..validation..", "..mapping..", "..identity..", "..partner..",
                        "..audit..", "..canonical..", "..resilience..")
                .should().dependOnClassesThat().resideInAnyPackage("..exchange..", "..delivery..", "..web..",
                        "..broker..", "..channels..", "..soap..")
                .check(hub);
    }

    /** The sharing rules decide deliveries; they do not know how deliveries are made nor who asks over HTTP. */
    @Test
    void consentDoesNotDependOnTheDeliveryOrTheWeb() {
        noClasses().that().resideInAnyPackage("..consent..")
                .should().dependOnClassesThat().resideInAnyPackage("..delivery..", "..web..", "..cli..")
                .check(hub);
    }

    @Test
    void validationMappingAndIdentityDoNotNeedSpringOrCamel() {
        noClasses().that().resideInAnyPackage("..validation..", "..mapping..", "..identity..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..")
                .check(hub);
    }

    @Test
    void hotReloadMetricsAndCommandLineSitOnTopAndNothingDependsOnThem() {
        // reload switches the building blocks' contents, metrics wraps the route steps, cli runs tools: all three
        // use the others; a building block or a pipeline step that needed them would be upside down.
        noClasses().that().resideOutsideOfPackages("..reload..", "..metrics..", "..cli..")
                .and().doNotHaveSimpleName("SpieHubApplication") // the jar's entry point dispatches to the cli
                .should().dependOnClassesThat().resideInAnyPackage("..reload..", "..metrics..", "..cli..")
                .check(hub);
    }

    @Test
    void thePipelineHandsCopiesToChannelsThroughTheRouteNotInJava() {
        // channels (webhook, SOAP, file drop) builds on delivery; delivery knows it only through the route file.
        noClasses().that().resideInAnyPackage("..delivery..", "..exchange..")
                .should().dependOnClassesThat().resideInAnyPackage("..channels..")
                .check(hub);
    }

    @Test
    void soapIsAnInboundAdapterLikeTheWebNothingDependsOnIt() {
        // soap (the Département's decisions over SOAP) only hands messages to the pipeline, like REST does.
        noClasses().that().resideOutsideOfPackage("..soap..")
                .should().dependOnClassesThat().resideInAnyPackage("..soap..")
                .check(hub);
        noClasses().that().resideInAnyPackage("..soap..")
                .should().dependOnClassesThat().resideInAnyPackage("..web..", "..delivery..", "..channels..")
                .check(hub);
    }

    @Test
    void capabilitiesHaveNoCycles() {
        slices().matching("fr.spie.hub.(*)..").should().beFreeOfCycles().check(hub);
    }
}
