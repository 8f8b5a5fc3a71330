package orchestrator.platform.database;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The method's database work commits together or not at all (rolled back on any exception). A
 * method called while another's transaction is open joins it. See {@link Transactions}.
 */
@InterceptorBinding
@Inherited
@Target({TYPE, METHOD})
@Retention(RUNTIME)
public @interface InTransaction {}
