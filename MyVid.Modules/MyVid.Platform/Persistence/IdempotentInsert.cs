using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace MyVid.Platform.Persistence;

/// <summary>
/// An insert that is safe to retry. When a Galera node dies during COMMIT the client cannot know whether the row
/// was written (the other nodes may have it); a plain retry would then fail on the duplicate key. Here each attempt
/// first looks for the row, inside the context's execution strategy, so the retry after an unknown outcome ends
/// the way the first attempt did. Ids are made by MyVid before the write, so "the row" is well defined.
/// </summary>
public static class IdempotentInsert
{
    /// <returns>Whether this call inserted the row (false: it was there already).</returns>
    public static Task<bool> InsertIfAbsentAsync<TEntity>(this DbContext db, TEntity entity, Expression<Func<TEntity, bool>> sameRow,
        CancellationToken cancellationToken)
        where TEntity : class =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (await db.Set<TEntity>().AsNoTracking().AnyAsync(sameRow, token))
            {
                db.Entry(entity).State = EntityState.Detached;
                return false;
            }
            db.Add(entity);
            await db.SaveChangesAsync(token);
            return true;
        }, cancellationToken);
}
