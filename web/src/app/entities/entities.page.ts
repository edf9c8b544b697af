import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, resource } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, firstValueFrom, map } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { EntitiesService } from './entities.service';
import {
  Entity, EntitiesQuery, EntityDetails, PAGE_SIZES, REFERENCE_KINDS, ReferenceType, entitiesApiQuery, entitiesQueryFromParams,
  paramsFromEntitiesQuery,
} from './entity-kinds';
import { EntityNewDialog } from './entity-new.dialog';

/** The products, suppliers or sites (the route says which), a page at a time from the
 * server, the search and page in the URL; "New" for those who capture risks. */
@Component({
  selector: 'app-entities',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule,
    MatProgressBarModule, MatSnackBarModule, MatTableModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './entities.page.html',
  styleUrl: '../register/register.page.scss',
})
export class EntitiesPage {
  private readonly entities = inject(EntitiesService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  /** From the route's data. */
  readonly type = input.required<ReferenceType>();
  protected readonly kind = computed(() => REFERENCE_KINDS[this.type()]);
  protected readonly columns = computed(() => (this.type() === 'product' ? ['name', 'code', 'description'] : ['name', 'country']));
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly canCreate = computed(() => this.auth.can('write-risks'));

  protected readonly query = toSignal(
    this.route.queryParamMap.pipe(
      map(entitiesQueryFromParams),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    ),
    { initialValue: entitiesQueryFromParams(this.route.snapshot.queryParamMap) },
  );

  protected readonly page = resource({
    params: () => ({ type: this.type(), query: this.query() }),
    loader: async ({ params, abortSignal }) => {
      const { data, error, response } = await this.entities.list(params.type, entitiesApiQuery(params.query), abortSignal);
      if (!data) throw problemOf(response, error);
      return data;
    },
  });
  protected readonly rows = computed<Entity[]>(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly problem = computed(() => {
    const error = this.page.error() as { message?: string } | undefined;
    return error ? (error.message ?? `The ${this.kind().many.toLowerCase()} could not be loaded.`) : '';
  });

  protected readonly filters = inject(NonNullableFormBuilder).group({ q: [''] });

  constructor() {
    effect(() => this.filters.setValue({ q: this.query().q }, { emitEvent: false }));
    this.filters.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      this.navigate({ q: this.filters.getRawValue().q, page: 1 });
    });
  }

  protected readonly trackRow = (_: number, row: Entity) => `${row.id}:${row.version}`;

  protected pageTo(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, size: event.pageSize });
  }

  protected open(row: Entity): void {
    void this.router.navigate(['/', this.kind().path, row.id]);
  }

  protected async create(): Promise<void> {
    const opened = this.dialog.open<EntityNewDialog, ReferenceType, EntityDetails>(EntityNewDialog, { data: this.type() });
    const created = await firstValueFrom(opened.afterClosed());
    if (!created) return;
    this.snackBar.open(`Registered “${created.name}”`, undefined, { duration: 3000 });
    await this.router.navigate(['/', this.kind().path, created.id]);
  }

  private navigate(change: Partial<EntitiesQuery>): void {
    const queryParams = paramsFromEntitiesQuery({ ...this.query(), ...change });
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
