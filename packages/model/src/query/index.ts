/**
 * The query layer: the questions every front end (CLI, API, dashboard) asks of a snapshot,
 * answered once. api keeps I/O, schemas and routes; web keeps drawing.
 */
export { EDGE_STRENGTH, addPortToEdge, byEdgeStrength, edgeWithPorts, weakerClass, weakestClass } from './edgeClassOrder.ts';
export { edgePortFilter, edgesTouching, filterGraph, isEmptyFilter, namespaceOf, openPortMatches, type GraphFilter } from './graphFilter.ts';
export { isPortName, isPortTextProblem, parsePortText, protocolOf, type PortText, type PortTextProblem } from './portSpec.ts';
export { CRLF, csvField, csvRecord, csvRecordCount, type CsvValue } from './csv.ts';
export { allowedOverCells, checkFlow, type CheckOutcome, type FlowAnswer, type FlowQuery } from './checkFlow.ts';
