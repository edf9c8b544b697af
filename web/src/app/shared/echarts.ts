// The parts of ECharts the app draws with, registered once. Imported only through
// import() (the dashboards page, a risk's score history), so ECharts is fetched with the
// first view that draws a chart, never with the app's start.
import { use } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  HeatmapChart, TreemapChart, BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent,
  VisualMapPiecewiseComponent, CanvasRenderer,
]);

export { init } from 'echarts/core';
