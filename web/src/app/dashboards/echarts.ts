// The parts of ECharts the dashboards draw with, registered once. Imported only by the
// dashboards page's chart provider (import()), so ECharts is fetched with that page alone.
import { use } from 'echarts/core';
import { BarChart, HeatmapChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([HeatmapChart, TreemapChart, BarChart, AriaComponent, GridComponent, TooltipComponent, VisualMapPiecewiseComponent, CanvasRenderer]);

export { init } from 'echarts/core';
