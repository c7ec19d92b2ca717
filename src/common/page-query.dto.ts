import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, WholeNumber } from './edge-validators';

/** The page size a route allows: its default, its maximum and the sentence that refuses anything else. */
export interface PageSizeRule {
  default: number;
  max: number;
  message: string;
}

type Constructor = new (...args: any[]) => object;

/**
 * The one pagination of list queries: `page` from 1, `pageSize` within the
 * route's rule. A function that makes the base class rather than the class
 * itself: decorators fix their arguments when a class is declared, and each
 * route keeps its own default, maximum and message (the fuzz tests read them).
 * A query that already extends another DTO (the audit's time window) passes
 * it as `Base`.
 */
export function PageQueryDto<TBase extends Constructor>(pageSize: PageSizeRule, Base: TBase = class {} as TBase) {
  class PageQuery extends Base {
    @ApiPropertyOptional({ default: 1 })
    @Optional()
    @WholeNumber(1, 1_000_000, 'page must be a whole number from 1 to 1000000')
    page: number = 1;

    @ApiPropertyOptional({ default: pageSize.default, maximum: pageSize.max })
    @Optional()
    @WholeNumber(1, pageSize.max, pageSize.message)
    pageSize: number = pageSize.default;
  }
  return PageQuery;
}
