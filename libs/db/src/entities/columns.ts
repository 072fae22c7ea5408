import { Column, ColumnOptions, JoinColumn, ManyToOne, ObjectType, RelationOptions } from 'typeorm';

/**
 * The column of an id pointing at another table's row (`uuid`), named as in the migrations: TypeORM's
 * `@Column({ name, type: 'uuid', ...options })`.
 */
export function UuidColumn(
  name: string,
  options: Omit<ColumnOptions, 'name' | 'type'> = {},
): PropertyDecorator {
  return Column({ name, type: 'uuid', ...options });
}

/**
 * A many-to-one relation held in the column `column` under the foreign key `fk` (names as in the migrations):
 * TypeORM's `@ManyToOne(type, options)` over `@JoinColumn({ name: column, foreignKeyConstraintName: fk })`,
 * applied in the order the two stacked decorators were.
 */
export function References<T>(
  type: () => ObjectType<T>,
  column: string,
  fk: string,
  options: RelationOptions,
): PropertyDecorator {
  const join = JoinColumn({ name: column, foreignKeyConstraintName: fk });
  const relation = ManyToOne(type, options);
  return (target, key) => {
    join(target, key);
    relation(target, key);
  };
}
