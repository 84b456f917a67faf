package io.sosae.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntrinsicDimensionScheduleTest {

    @Test
    void parsesSegmentsAndAnswersByIndex() {
        IntrinsicDimensionSchedule s = IntrinsicDimensionSchedule.parse("4:2000, 16:2000,6:2000");

        assertThat(s.segments())
                .containsExactly(
                        new IntrinsicDimensionSchedule.Segment(4, 2000),
                        new IntrinsicDimensionSchedule.Segment(16, 2000),
                        new IntrinsicDimensionSchedule.Segment(6, 2000));
        assertThat(s.totalRecords()).isEqualTo(6000);
        assertThat(s.maxDimension()).isEqualTo(16);
        assertThat(s.dimensionAt(0)).isEqualTo(4);
        assertThat(s.dimensionAt(1999)).isEqualTo(4);
        assertThat(s.dimensionAt(2000)).isEqualTo(16);
        assertThat(s.dimensionAt(5999)).isEqualTo(6);
        assertThat(s.dimensionAt(6000)).as("repeats").isEqualTo(4);
        assertThat(s.toString()).isEqualTo("4:2000,16:2000,6:2000");
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> IntrinsicDimensionSchedule.parse("")).hasMessageContaining("Empty schedule");
        assertThatThrownBy(() -> IntrinsicDimensionSchedule.parse("4-2000")).hasMessageContaining("dim:records");
        assertThatThrownBy(() -> IntrinsicDimensionSchedule.parse("4:x")).hasMessageContaining("Bad number");
        assertThatThrownBy(() -> IntrinsicDimensionSchedule.parse("0:10")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> IntrinsicDimensionSchedule.parse("3:0")).hasMessageContaining(">= 1 record");
    }
}
