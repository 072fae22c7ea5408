import { PageQuery, SearchText } from '../../../core/page';

export class ListCommonProblemsQuery extends PageQuery({ pageSize: 20, max: 100 }) {
  @SearchText('title')
  q?: string;
}
