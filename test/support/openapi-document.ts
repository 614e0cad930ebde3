// The parts of the served OpenAPI 3.1 document (/openapi.json) that tests read, typed as they expect them.

export interface JsonSchema {
  $ref?: string;
  format?: string;
  pattern: string;
  required: string[];
  enum: string[];
  then?: JsonSchema;
  allOf: JsonSchema[];
  properties: Record<string, JsonSchema>;
}

interface OpenApiResponse {
  content: Record<string, { schema: JsonSchema }>;
  links?: Record<string, { operationId: string; parameters: Record<string, string> }>;
}

export interface OpenApiOperation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; schema: JsonSchema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
