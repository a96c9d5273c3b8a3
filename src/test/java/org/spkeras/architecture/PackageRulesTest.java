package org.spkeras.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spkeras.calibrate.SpikeCalibration;
import org.spkeras.convert.Converter;
import org.spkeras.convert.Convertibility;
import org.spkeras.data.Datasets;
import org.spkeras.export.NirExporter;
import org.spkeras.io.OutputPaths;
import org.spkeras.keras.ImportOptions;
import org.spkeras.keras.ModelFiles;
import org.spkeras.pipeline.ModelConversion;
import org.spkeras.sim.Engine;

/** The package rules of docs/architecture.md, checked on the compiled main classes. */
class PackageRulesTest {
    private static final String ROOT = "org.spkeras";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void nothingImportsCli() {
        check(noClasses().that().resideOutsideOfPackage(pkg("cli")).should().dependOnClassesThat().resideInAPackage(pkg("cli")));
    }

    @Test
    void onlyCliKnowsPicocli() {
        check(noClasses().that().resideOutsideOfPackage(pkg("cli")).should().dependOnClassesThat().resideInAPackage("picocli.."));
    }

    @Test
    void modelKnowsNoKeras() {
        check(noClasses().that().resideInAPackage(pkg("model")).should().dependOnClassesThat().resideInAPackage(pkg("keras")));
    }

    @Test
    void kerasNamesStayInKeras() {
        check(noClasses().that().resideOutsideOfPackages(pkg("keras"), pkg("cli"), pkg("pipeline")).should()
                .dependOnClassesThat().resideInAPackage(pkg("keras")));
    }

    /** The jobs read every model the one way (so no command can accept fewer formats than another). */
    @Test
    void theJobsReadModelsOnlyThroughModelFiles() {
        check(noClasses().that().resideInAPackage(pkg("pipeline")).should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage(pkg("keras"))
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(ModelFiles.class, ImportOptions.class)))));
    }

    /**
     * A command parses its options into a pipeline job and renders the result: it converts, calibrates, opens data,
     * simulates, exports or checks output paths only through the job, so no command can drift from another.
     */
    @Test
    void commandsLeaveTheWorkToTheJobs() {
        check(noClasses().that().resideInAPackage(pkg("cli")).should().dependOnClassesThat(
                JavaClass.Predicates.belongToAnyOf(OutputPaths.class, Converter.class, Convertibility.class,
                        ModelConversion.class, Datasets.class, NirExporter.class, Engine.class, SpikeCalibration.class)));
    }

    @Test
    void simKnowsNoConvertKerasOrData() {
        check(noClasses().that().resideInAPackage(pkg("sim")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("convert"), pkg("keras"), pkg("data")));
    }

    @Test
    void snnKnowsNoConvert() {
        check(noClasses().that().resideInAPackage(pkg("snn")).should().dependOnClassesThat().resideInAPackage(pkg("convert")));
    }

    @Test
    void stagesDoNotReachUpToTheUseCases() {
        check(noClasses().that().resideOutsideOfPackages(pkg("pipeline"), pkg("cli")).should().dependOnClassesThat()
                .resideInAPackage(pkg("pipeline")));
    }

    @Test
    void reportFormatsAndDoesNotSimulate() {
        check(noClasses().that().resideInAPackage(pkg("report")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("sim"), pkg("calibrate"), pkg("keras"), pkg("data")));
    }

    @Test
    void exportReadsOnlyTheConvertedNetwork() {
        check(noClasses().that().resideInAPackage(pkg("export")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("convert"), pkg("keras"), pkg("data"), pkg("sim"), pkg("calibrate"),
                        pkg("report"), pkg("pipeline")));
    }

    /** Knots untied in issue 19: classes that called each other now share what they both need. */
    @Test
    void readerAndWriterAndConverterAndItsVerdictDoNotCallEachOther() {
        check(noClasses().that().haveSimpleName("SnnReader").should().dependOnClassesThat().haveSimpleName("SnnFile"));
        check(noClasses().that().belongToAnyOf(Convertibility.class).should().dependOnClassesThat()
                .belongToAnyOf(Converter.class));
    }

    @Test
    void packagesFormNoCycle() {
        check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }
}
