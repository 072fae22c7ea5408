import { Body, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CommonProblemsService } from './common-problems.service';
import {
  CommonProblem,
  CommonProblemDetail,
  CommonProblemPage,
  SimilarCase,
  SimilarCasePage,
} from './dto/common-problems.responses';
import { AddCommonProblemMembersDto } from './dto/add-members.dto';
import { CommonProblemActionDto } from './dto/common-problem-action.dto';
import { CreateCommonProblemDto } from './dto/create-common-problem.dto';
import { ListCommonProblemsQuery } from './dto/list-common-problems.query';
import { SimilarCasesQuery, SimilarCasesRequestDto } from './dto/similar-cases.dto';

interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

@SignedInController('common-problems', 'common-problems')
export class CommonProblemsController {
  constructor(private readonly service: CommonProblemsService) {}

  @Get()
  @ApiOperation({ operationId: 'listCommonProblems', summary: '共性问题 in your jurisdiction, newest first' })
  @ApiOkResponse({ type: CommonProblemPage })
  list(@CurrentUser() user: AuthUser, @Query() q: ListCommonProblemsQuery): Promise<Paged<CommonProblem>> {
    return this.service.list(user, q);
  }

  @Post()
  @ApiOperation({
    operationId: 'createCommonProblem',
    summary: 'Group cases into a common problem (town coordinator, bureau officer, admin)',
    description:
      'At least 2 cases, each in your unit (a coordinator: cases of his town; an officer: cases his bureau holds), ' +
      'not closed or cancelled, and in no other common problem. A refused case is named in `errors`; nothing is written.',
  })
  @ApiCreatedResponse({ type: CommonProblemDetail })
  @ApiForbiddenResponse({ description: 'you cannot group cases, or a case is outside your unit' })
  @ApiNotFoundResponse({ description: 'a case is not in your jurisdiction' })
  @ApiConflictResponse({ description: 'a case is closed, cancelled or in another common problem' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCommonProblemDto): Promise<CommonProblemDetail> {
    return this.service.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCommonProblem',
    summary: 'A common problem: its members and how many enterprises they belong to',
  })
  @ApiOkResponse({ type: CommonProblemDetail })
  @ApiNotFoundResponse({ description: 'no such common problem in your jurisdiction' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<CommonProblemDetail> {
    return this.service.get(user, id);
  }

  @Post(':id/members')
  @HttpCode(200)
  @ApiOperation({ operationId: 'addCommonProblemMembers', summary: 'Add cases to a common problem' })
  @ApiOkResponse({ type: CommonProblemDetail })
  @ApiForbiddenResponse({ description: 'not yours to change, or a case is outside your unit' })
  @ApiNotFoundResponse({ description: 'no such common problem, or a case, in your jurisdiction' })
  @ApiConflictResponse({ description: 'a case is closed, cancelled or in a common problem already' })
  addMembers(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: AddCommonProblemMembersDto,
  ): Promise<CommonProblemDetail> {
    return this.service.addMembers(user, id, dto);
  }

  @Delete(':id/members/:caseId')
  @ApiOperation({ operationId: 'removeCommonProblemMember', summary: 'Take a case out of a common problem' })
  @ApiOkResponse({ type: CommonProblemDetail })
  @ApiForbiddenResponse({ description: 'not yours to change' })
  @ApiNotFoundResponse({
    description: 'no such common problem in your jurisdiction, or the case is not a member',
  })
  removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
  ): Promise<CommonProblemDetail> {
    return this.service.removeMember(user, id, caseId);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'actOnCommonProblem',
    summary: 'Act once for every member: assign, escalate, resolve, comment, urge',
    description:
      'The body of a case action without `version`. Every member case gets its own event, in one transaction. ' +
      'Members already closed or cancelled are left as they are; if any other member cannot take the action, ' +
      'nothing is changed and `errors` names each refused case (409).',
  })
  @ApiOkResponse({ type: CommonProblemDetail, description: 'the common problem after the action' })
  @ApiForbiddenResponse({ description: 'not yours to change' })
  @ApiNotFoundResponse({ description: 'no such common problem in your jurisdiction' })
  @ApiConflictResponse({ description: 'a member cannot take the action (per-case reasons in `errors`)' })
  act(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CommonProblemActionDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<CommonProblemDetail> {
    return this.service.act(user, id, dto, requestId);
  }
}

/** Similar-case suggestions, under /api/cases. */
@SignedInController('cases', 'cases')
export class SimilarCasesController {
  constructor(private readonly service: CommonProblemsService) {}

  @Post('similar')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'suggestSimilarCases',
    summary: 'While opening a case: similar pending cases of the category in the enterprise’s town',
    description:
      'Bigram similarity of title and description (docs/common-problems.md), only cases you may see.',
  })
  @ApiOkResponse({ type: SimilarCasePage })
  similarForNew(
    @CurrentUser() user: AuthUser,
    @Body() dto: SimilarCasesRequestDto,
  ): Promise<Paged<SimilarCase>> {
    return this.service.similarForNew(user, dto);
  }

  @Get(':id/similar')
  @ApiOperation({
    operationId: 'getSimilarCases',
    summary: 'Similar pending cases of the category held by the same unit as this case',
  })
  @ApiOkResponse({ type: SimilarCasePage })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  similar(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Query() q: SimilarCasesQuery,
  ): Promise<Paged<SimilarCase>> {
    return this.service.similarForCase(user, id, q.limit);
  }
}
