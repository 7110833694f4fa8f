package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.sextant.dsl.power.SampleSize;

class SampleSizeTest {

    @Test
    void textbookCase() {
        // half a standard deviation, alpha 0.05, power 0.8, equal arms: 63 per arm (Cohen's d = 0.5)
        assertEquals(126, SampleSize.requiredTotal(0.05, 0.8, 1.0, 0.5, 0.5, 0.5));
    }

    @Test
    void unequalArmsNeedMoreUsers() {
        long equal = SampleSize.requiredTotal(0.05, 0.8, 1.0, 0.2, 0.5, 0.5);
        long skewed = SampleSize.requiredTotal(0.05, 0.8, 1.0, 0.2, 0.8, 0.2);
        assertEquals(785, equal);
        // 1/0.8 + 1/0.2 = 6.25 against 4: 56% more
        assertTrue(skewed > equal * 1.5 && skewed < equal * 1.6, () -> equal + " vs " + skewed);
    }

    @Test
    void badInputIsRejectedWithItsName() {
        assertEquals("alpha must be between 0 and 1, not 5.0",
                assertThrows(IllegalArgumentException.class, () -> SampleSize.requiredTotal(5, 0.8, 1, 1, 0.5, 0.5))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampleSize.requiredTotal(0.05, 0.8, 0, 1, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SampleSize.requiredTotal(0.05, 0.8, 1, 0, 0.5, 0.5));
    }
}
