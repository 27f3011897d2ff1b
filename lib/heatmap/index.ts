/** Pure helpers of the AttentionHeatmap component: colours, pooling, layout, keys, text. */
export * from './colour';
export * from './downsample';
export * from './format';
export * from './layout';
export * from './navigation';
export * from './raster';
export * from './colourPolicy';
export * from './tooltipPlacement';
export * from './legendTicks';
