package io.taskexec.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core depends on the JDK and SLF4J only, and reads time only through its Clock. */
class LayeringTest {
  static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.taskexec");

  @Test
  void core_depends_on_nothing_heavier_than_slf4j() {
    noClasses().should().dependOnClassesThat().resideOutsideOfPackages(
        "io.taskexec..", "java..", "javax..", "org.slf4j..", "com.sun.management..", "jdk.internal..")
        .check(CORE);
  }

  @Test
  void no_code_reads_the_wall_clock_except_the_clock() {
    noClasses().that().resideOutsideOfPackage("io.taskexec.time..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .check(CORE);
  }
}
