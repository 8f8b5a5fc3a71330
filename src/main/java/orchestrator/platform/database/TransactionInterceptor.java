package orchestrator.platform.database;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs {@link InTransaction} methods inside a transaction of {@link Transactions}. */
@InTransaction
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class TransactionInterceptor {

  @Inject Transactions transactions;

  @AroundInvoke
  Object inTransaction(InvocationContext invocation) throws Exception {
    return transactions.required(invocation::proceed);
  }
}
