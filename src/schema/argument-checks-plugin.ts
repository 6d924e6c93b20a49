import SchemaBuilder, { BasePlugin, type InputFieldMap, type InputShapeFromFields, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      argumentChecks: ArgumentChecksPlugin<Types>;
    }

    export interface FieldOptions<Types extends SchemaTypes, ParentShape, Type, Nullable, Args extends InputFieldMap, ResolveShape, ResolveReturnShape> {
      /**
       * Checks the field's arguments before any plugin or resolver reads them, and throws
       * to reject them.
       */
      checkArguments?: (args: InputShapeFromFields<Args>) => void;
    }
  }
}

/**
 * Runs each field's `checkArguments` as a Pothos argument mapper. The Prisma plugin reads
 * the arguments of a relation's connection while it plans the parent's query, and rejects
 * a bad page size or cursor there with a message but no code. Argument mappers run first,
 * in that plan and before the field's own resolver, so the check decides the error.
 */
export class ArgumentChecksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const check = (fieldConfig.pothosOptions as { checkArguments?: (args: Record<string, unknown>) => void }).checkArguments;
    if (!check) return fieldConfig;

    const checked = (args: Record<string, unknown>) => {
      check(args);
      return args;
    };
    return { ...fieldConfig, argMappers: [...fieldConfig.argMappers, checked] };
  }
}

const pluginName = 'argumentChecks';
SchemaBuilder.registerPlugin(pluginName, ArgumentChecksPlugin);

export default pluginName;
