package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many rows each topology lists on the overview: 25 while few, down to its worst 5 when there are many. */
class OverviewRowsPerTopologyTest {

    @ParameterizedTest(name = "{0} topologies list {1} rows each")
    @CsvSource({"0, 25", "1, 25", "10, 25", "11, 22", "25, 10", "50, 5", "400, 5"})
    void manyTopologiesListFewerRowsEachButAlwaysTheirWorst(int topologies, int rows) {
        assertThat(OverviewViews.rowsPerTopology(topologies)).isEqualTo(rows);
        assertThat(rows * Math.max(1, topologies)).as("rows the whole overview lists")
                .isLessThanOrEqualTo(Math.max(OverviewViews.OVERVIEW_ROWS, OverviewViews.FEWEST_ROWS * topologies));
    }
}
