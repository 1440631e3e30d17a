package dev.teledrive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSpecTest {

    private final ParameterSpec mode = ParameterSpec.choice("mode", "Mode", "eco", "sport");

    @Test
    void aChoiceTakesOnlyItsValuesAndNamesThemWhenItRefuses() throws Exception {
        assertEquals("sport", mode.bind("sport"));
        assertEquals(List.of("eco", "sport"), mode.choices());
        assertEquals(ParameterType.STRING, mode.type());
        assertTrue(mode.required());
        var e = assertThrows(InvalidCommandException.class, () -> mode.bind("turbo"));
        assertEquals("'mode' must be one of \"eco\", \"sport\", not \"turbo\"", e.getMessage());
        assertThrows(InvalidCommandException.class, () -> mode.bind("Eco"), "case-sensitive");
        assertThrows(InvalidCommandException.class, () -> mode.bind(""));
        var wrongType = assertThrows(InvalidCommandException.class, () -> mode.bind(1));
        assertEquals("'mode' must be one of \"eco\", \"sport\"", wrongType.getMessage());
    }

    @Test
    void aLongRefusedValueIsCutShortInTheMessage() {
        var e = assertThrows(InvalidCommandException.class, () -> mode.bind("x".repeat(5000)));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
        assertTrue(e.getMessage().endsWith("…\""), e.getMessage());
    }

    @Test
    void anOptionalChoiceDefaultsToOneOfItsValues() throws Exception {
        var optional = mode.optional("eco");
        assertFalse(optional.required());
        assertEquals(List.of("eco", "sport"), optional.choices(), "optional keeps the choices");
        var command = CommandSpec.of("gearbox", "Gearbox", CommandKind.ACTION, optional)
                .bind(Map.of(), null);
        assertEquals("eco", command.string("mode"));
        var e = assertThrows(IllegalArgumentException.class, () -> mode.optional("turbo"));
        assertTrue(e.getMessage().contains("'mode' defaults to turbo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mode.optional(1));
        assertTrue(mode.optional(null).choices().contains("eco"), "no default is fine");
    }

    @Test
    void choicesAreForStringsOnlyAndEachOnce() {
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.choice("mode", "Mode"));
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.choice("mode", "Mode", "eco", "eco"));
        assertThrows(NullPointerException.class, () -> ParameterSpec.choice("mode", "Mode", "eco", null));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new ParameterSpec("n", "N", ParameterType.INTEGER, 0.0, 1.0, true, null, List.of("1")));
        assertTrue(e.getMessage().contains("only a string takes choices"), e.getMessage());
    }

    @Test
    void theChoicesCannotBeChangedAfterwards() {
        var list = new ArrayList<>(Arrays.asList("a", "b"));
        var spec = new ParameterSpec("p", "P", ParameterType.STRING, null, null, true, null, list);
        list.add("c");
        assertEquals(List.of("a", "b"), spec.choices());
        assertThrows(UnsupportedOperationException.class, () -> spec.choices().add("d"));
    }

    @Test
    void theSevenArgumentConstructorOfEarlierCallersMeansNoChoices() throws Exception {
        var any = new ParameterSpec("note", "Note", ParameterType.STRING, null, null, false, "hi");
        assertEquals(List.of(), any.choices());
        assertEquals("anything", any.bind("anything"));
        assertEquals(List.of(), ParameterSpec.string("s", "S").choices());
        assertEquals(List.of(), ParameterSpec.number("n", "N", 0, 1).choices());
        assertEquals(
                List.of(),
                new ParameterSpec("p", "P", ParameterType.STRING, null, null, true, null, null).choices(),
                "null stands for none");
    }

    @Test
    void aStepAndUnitRideAlongThroughOptionalAndAreNeverAppliedToValues() throws Exception {
        var tilt = ParameterSpec.number("tilt", "Tilt", -30, 60)
                .withStep(5)
                .withUnit("°")
                .optional(0);
        assertEquals(5.0, tilt.step());
        assertEquals("°", tilt.unit());
        assertEquals(12.5, tilt.bind(12.5), "a hint for the page: the server neither rounds nor refuses");
        assertEquals(null, ParameterSpec.number("x", "X", 0, 1).step(), "none unless given");
        assertEquals(null, ParameterSpec.number("x", "X", 0, 1).withUnit(" ").unit(), "blank is none");
    }

    @Test
    void aStepThatCannotBeIsRefusedWithTheFix() {
        assertEquals(
                "parameter 'rounds' has step 0.5: give .withStep(...) a whole number above 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ParameterSpec.integer("rounds", "Rounds", 1, 5)
                                        .withStep(0.5))
                        .getMessage());
        assertEquals(
                "parameter 'tilt' has step -1.0: give .withStep(...) a number above 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ParameterSpec.number("tilt", "Tilt", 0, 9).withStep(-1))
                        .getMessage());
        assertEquals(
                "parameter 'on' is a BOOLEAN: only a number or an integer takes a step",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ParameterSpec.bool("on", "On").withStep(1))
                        .getMessage());
    }
}
