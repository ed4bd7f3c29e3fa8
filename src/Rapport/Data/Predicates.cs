using System.Linq.Expressions;

namespace Rapport.Data;

/// <summary>Builds one <c>WHERE a OR b OR …</c> from separately written conditions, for EF to translate.</summary>
public static class Predicates
{
    public static Expression<Func<T, bool>> AnyOf<T>(IReadOnlyList<Expression<Func<T, bool>>> conditions)
    {
        if (conditions.Count == 0)
        {
            return _ => false;
        }
        var parameter = conditions[0].Parameters[0];
        var body = conditions[0].Body;
        foreach (var condition in conditions.Skip(1))
        {
            body = Expression.OrElse(body, new Rebind(condition.Parameters[0], parameter).Visit(condition.Body));
        }
        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
